<?php
/**
 * Plugin Name:       Outpost Analytics
 * Description:       Adds the Outpost tracking snippet to every page and reports WooCommerce purchases (with revenue) to your self-hosted Outpost server.
 * Version:           0.1.0
 * Requires at least: 5.8
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       outpost
 * WC tested up to:   9.0
 *
 * Settings → Outpost: the server URL, the site's domain as added in Outpost, the cross-visit id
 * opt-in, and whether to leave out logged-in editors.
 */

if (!defined('ABSPATH')) {
    exit;
}

const OUTPOST_OPTION = 'outpost_settings';
/** The queue stub: outpost() calls made before outpost.js has loaded are kept and sent by it. */
const OUTPOST_STUB = 'window.outpost=window.outpost||function(){(outpost.q=outpost.q||[]).push(arguments)};';
/** Order meta marking an order whose purchase was reported, so a reloaded thank-you page does not count it twice. */
const OUTPOST_TRACKED_META = '_outpost_tracked';

/** The saved settings over the defaults. */
function outpost_settings(): array
{
    $defaults = array(
        'server_url' => '',
        'site_domain' => '',
        'cross_visit' => false,
        'exclude_editors' => true,
    );
    $saved = get_option(OUTPOST_OPTION, array());
    return array_merge($defaults, is_array($saved) ? $saved : array());
}

/** True when the current visitor is not to be tracked: a logged-in editor (edit_posts) while that option is on. */
function outpost_is_excluded(): bool
{
    $settings = outpost_settings();
    return !empty($settings['exclude_editors']) && is_user_logged_in() && current_user_can('edit_posts');
}

/** The script tag for the current settings, or '' while the plugin is not configured. */
function outpost_script_tag(): string
{
    $settings = outpost_settings();
    $server = rtrim(trim((string) $settings['server_url']), '/');
    $site = trim((string) $settings['site_domain']);
    if ($server === '' || $site === '') {
        return '';
    }
    $attributes = ' data-site="' . esc_attr($site) . '"';
    if (!empty($settings['cross_visit'])) {
        $attributes .= ' data-cross-visit';
    }
    return '<script defer' . $attributes . ' src="' . esc_url($server . '/js/outpost.js') . '"></script>';
}

/** wp_head: the queue stub and the snippet. */
function outpost_wp_head()
{
    if (outpost_is_excluded()) {
        return;
    }
    $tag = outpost_script_tag();
    if ($tag === '') {
        return;
    }
    echo "<script>" . OUTPOST_STUB . "</script>\n" . $tag . "\n";
}
add_action('wp_head', 'outpost_wp_head', 1);

/**
 * WooCommerce's order-received page: one purchase event with the order's total and currency,
 * once per order (marked with the _outpost_tracked order meta).
 *
 * @param int|string $order_id
 */
function outpost_woocommerce_thankyou($order_id)
{
    if (!$order_id || !function_exists('wc_get_order') || outpost_is_excluded() || outpost_script_tag() === '') {
        return;
    }
    $order = wc_get_order($order_id);
    if (!$order || $order->get_meta(OUTPOST_TRACKED_META)) {
        return;
    }
    $total = $order->get_total();
    $event = array(
        'revenue' => array(
            'amount' => is_numeric($total) ? (string) $total : '0',
            'currency' => (string) $order->get_currency(),
        ),
        'props' => array('order' => (string) $order_id),
    );
    // The HEX flags keep "<", ">", "&" and quotes out of the script element, whatever the data holds.
    $json = wp_json_encode($event, JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT);
    echo '<script>' . OUTPOST_STUB . 'outpost("purchase",' . $json . ");</script>\n";

    $order->update_meta_data(OUTPOST_TRACKED_META, (string) time());
    $order->save();
}
add_action('woocommerce_thankyou', 'outpost_woocommerce_thankyou', 10, 1);

/** The plugin only uses the order CRUD API, so it works with WooCommerce's order tables (HPOS). */
function outpost_declare_wc_compatibility()
{
    if (class_exists('\Automattic\WooCommerce\Utilities\FeaturesUtil')) {
        \Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility('custom_order_tables', __FILE__, true);
    }
}
add_action('before_woocommerce_init', 'outpost_declare_wc_compatibility');

// ------------------------------------------------------------------ settings page

/** Cleans what the settings form posted. */
function outpost_sanitize_settings($input): array
{
    $input = is_array($input) ? $input : array();
    $server = trim((string) ($input['server_url'] ?? ''));
    $server = preg_match('#^https?://#i', $server) ? rtrim(esc_url_raw($server), '/') : '';
    // A bare host name: "https://www.Example.com/blog" becomes "www.example.com".
    $site = strtolower(trim((string) ($input['site_domain'] ?? '')));
    $site = preg_replace('#^[a-z][a-z0-9+.-]*://#', '', $site);
    $site = preg_replace('#[/?\#:].*$#', '', $site);
    $site = preg_replace('/[^a-z0-9.\-]/', '', $site);
    return array(
        'server_url' => $server,
        'site_domain' => $site,
        'cross_visit' => !empty($input['cross_visit']),
        'exclude_editors' => !empty($input['exclude_editors']),
    );
}

function outpost_register_settings()
{
    register_setting('outpost', OUTPOST_OPTION, array(
        'type' => 'array',
        'sanitize_callback' => 'outpost_sanitize_settings',
        'default' => array(),
    ));
}
add_action('admin_init', 'outpost_register_settings');

function outpost_admin_menu()
{
    add_options_page('Outpost', 'Outpost', 'manage_options', 'outpost', 'outpost_settings_page');
}
add_action('admin_menu', 'outpost_admin_menu');

/** A "Settings" link beside the plugin on the Plugins screen. */
function outpost_action_links($links)
{
    $links[] = '<a href="' . esc_url(admin_url('options-general.php?page=outpost')) . '">' . esc_html__('Settings', 'outpost') . '</a>';
    return $links;
}
add_filter('plugin_action_links_' . plugin_basename(__FILE__), 'outpost_action_links');

function outpost_settings_page()
{
    if (!current_user_can('manage_options')) {
        return;
    }
    $s = outpost_settings();
    $name = OUTPOST_OPTION;
    ?>
    <div class="wrap">
        <h1><?php echo esc_html__('Outpost Analytics', 'outpost'); ?></h1>
        <form method="post" action="options.php">
            <?php settings_fields('outpost'); ?>
            <table class="form-table" role="presentation">
                <tr>
                    <th scope="row"><label for="outpost_server_url"><?php echo esc_html__('Outpost server URL', 'outpost'); ?></label></th>
                    <td>
                        <input type="url" class="regular-text" id="outpost_server_url" name="<?php echo esc_attr($name); ?>[server_url]"
                               value="<?php echo esc_attr($s['server_url']); ?>" placeholder="https://stats.example.com">
                        <p class="description"><?php echo esc_html__('Where your Outpost server runs; the snippet loads from SERVER/js/outpost.js.', 'outpost'); ?></p>
                    </td>
                </tr>
                <tr>
                    <th scope="row"><label for="outpost_site_domain"><?php echo esc_html__('Site domain', 'outpost'); ?></label></th>
                    <td>
                        <input type="text" class="regular-text" id="outpost_site_domain" name="<?php echo esc_attr($name); ?>[site_domain]"
                               value="<?php echo esc_attr($s['site_domain']); ?>" placeholder="example.com">
                        <p class="description"><?php echo esc_html__('The domain of this site as you added it in Outpost.', 'outpost'); ?></p>
                    </td>
                </tr>
                <tr>
                    <th scope="row"><?php echo esc_html__('Cross-visit id', 'outpost'); ?></th>
                    <td>
                        <label>
                            <input type="checkbox" name="<?php echo esc_attr($name); ?>[cross_visit]" value="1" <?php checked(!empty($s['cross_visit'])); ?>>
                            <?php echo esc_html__('Keep a random first-party id in the visitor\'s localStorage to recognise returning visitors (data-cross-visit). Off: nothing is stored in the browser.', 'outpost'); ?>
                        </label>
                    </td>
                </tr>
                <tr>
                    <th scope="row"><?php echo esc_html__('Editors', 'outpost'); ?></th>
                    <td>
                        <label>
                            <input type="checkbox" name="<?php echo esc_attr($name); ?>[exclude_editors]" value="1" <?php checked(!empty($s['exclude_editors'])); ?>>
                            <?php echo esc_html__('Do not track logged-in users who can edit posts.', 'outpost'); ?>
                        </label>
                    </td>
                </tr>
            </table>
            <?php submit_button(); ?>
        </form>
    </div>
    <?php
}
