<?php
/**
 * Plugin Name:       Outpost Analytics
 * Description:       Adds the Outpost tracking snippet to every page and reports paid WooCommerce orders (with revenue, less refunds) to your self-hosted Outpost server.
 * Version:           0.2.0
 * Requires at least: 5.8
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       outpost
 * WC tested up to:   9.0
 *
 * Settings → Outpost: the server URL, the site's domain as added in Outpost, an API key with scope
 * "conversions" (for orders), the cross-visit id opt-in, and whether to leave out logged-in editors.
 */

if (!defined('ABSPATH')) {
    exit;
}

const OUTPOST_OPTION = 'outpost_settings';
/** The queue stub: outpost() calls made before outpost.js has loaded are kept and sent by it. */
const OUTPOST_STUB = 'window.outpost=window.outpost||function(){(outpost.q=outpost.q||[]).push(arguments)};';

/** The saved settings over the defaults. */
function outpost_settings(): array
{
    $defaults = array(
        'server_url' => '',
        'site_domain' => '',
        'api_key' => '',
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

// ------------------------------------------------------------------ WooCommerce purchases

/**
 * Paid orders are reported from the server, not the browser: an ad blocker or a closed tab cannot
 * lose them, and a failed payment's thank-you page counts nothing. Each paid order is sent once to
 * POST /api/v1/conversions with its order number as the idempotency key (the server counts a key
 * once, so a retry never counts twice); refunds and cancellations after that go to
 * POST /api/v1/conversions/refunds, so revenue stays right. A call that fails is retried by
 * WP-Cron with a growing delay.
 */
const OUTPOST_PAID = array('processing', 'completed');
/** Order meta: when the purchase got through. */
const OUTPOST_REPORTED_META = '_outpost_reported';
/** Order meta of plugin 0.1.0, which reported the purchase from the thank-you page: such orders are not sent again. */
const OUTPOST_TRACKED_META = '_outpost_tracked';
/** Order meta: the snippet's cross-visit id (outpost.visitor()) at checkout. */
const OUTPOST_VID_META = '_outpost_vid';
/** Order meta: the last refusal or failure, for the shop owner. */
const OUTPOST_ERROR_META = '_outpost_error';
const OUTPOST_RETRY_HOOK = 'outpost_retry';
/** Seconds before each retry: 1, 5 and 30 minutes, 2, 6, 12, 12 and 24 hours (about two and a half days); then it gives up. */
const OUTPOST_BACKOFF = array(60, 300, 1800, 7200, 21600, 43200, 43200, 86400);

/** Server URL, site and key when all three are set, else null. */
function outpost_api(): ?array
{
    $s = outpost_settings();
    $server = rtrim(trim((string) $s['server_url']), '/');
    $site = trim((string) $s['site_domain']);
    $key = trim((string) $s['api_key']);
    if ($server === '' || $site === '' || $key === '') {
        return null;
    }
    return array('server' => $server, 'site' => $site, 'key' => $key);
}

/**
 * POSTs JSON to the Outpost API. Returns array(status, body): status 0 when the server was not
 * reached (body holds why).
 */
function outpost_post(array $api, string $path, array $body): array
{
    $response = wp_remote_post($api['server'] . $path, array(
        'timeout' => 10,
        'headers' => array(
            'Authorization' => 'Bearer ' . $api['key'],
            'Content-Type' => 'application/json',
        ),
        'body' => wp_json_encode($body),
    ));
    if (is_wp_error($response)) {
        return array(0, $response->get_error_message());
    }
    return array((int) wp_remote_retrieve_response_code($response), (string) wp_remote_retrieve_body($response));
}

/** An amount as the API takes it: a decimal string in the shop's price decimals. */
function outpost_amount($value): string
{
    $decimals = function_exists('wc_get_price_decimals') ? (int) wc_get_price_decimals() : 2;
    return number_format(round((float) $value, 6), max(0, $decimals), '.', '');
}

/** Who bought: the cross-visit id kept at checkout, else the IP and User-Agent WooCommerce stored; null when neither. */
function outpost_buyer($order): ?array
{
    $vid = (string) $order->get_meta(OUTPOST_VID_META);
    if ($vid !== '') {
        return array('vid' => $vid);
    }
    $ip = (string) $order->get_customer_ip_address();
    $ua = (string) $order->get_customer_user_agent();
    if ($ip === '' || $ua === '') {
        return null;
    }
    return array('ip' => $ip, 'user_agent' => $ua);
}

/** Was the order's purchase sent (by this version or, from its thank-you page, by 0.1.0)? */
function outpost_was_reported($order): bool
{
    return (string) $order->get_meta(OUTPOST_REPORTED_META) !== '' || (string) $order->get_meta(OUTPOST_TRACKED_META) !== '';
}

/**
 * Reports a paid order's purchase once. Hooked to woocommerce_payment_complete and to the paid
 * statuses (an order paid by bank transfer becomes "processing" by hand, with no payment hook).
 *
 * @param int|string $order_id
 */
function outpost_report_purchase($order_id, int $attempt = 0)
{
    $api = outpost_api();
    $order = $order_id ? wc_get_order($order_id) : false;
    if (!$api || !$order || !in_array($order->get_status(), OUTPOST_PAID, true) || outpost_was_reported($order)) {
        return;
    }
    // Paying fires both the status hook and the payment hook: one try per order per request, so a
    // server that is down costs one timeout, and WP-Cron has the next try.
    static $tried = array();
    if ($attempt === 0 && isset($tried[$order->get_id()])) {
        return;
    }
    $tried[$order->get_id()] = true;
    $buyer = outpost_buyer($order);
    if ($buyer === null) {
        outpost_note($order, 'purchase not sent: the order has neither a cross-visit id nor the buyer\'s IP address and User-Agent');
        return;
    }
    // Refunds made before the purchase got through are already off its revenue.
    $revenue = (float) $order->get_total() - (float) $order->get_total_refunded();
    $body = array_merge(array(
        'site' => $api['site'],
        'goal' => 'purchase',
        'idempotency_key' => (string) $order->get_order_number(),
        'revenue' => array('amount' => outpost_amount(max(0, $revenue)), 'currency' => (string) $order->get_currency()),
    ), $buyer);
    list($status, $answer) = outpost_post($api, '/api/v1/conversions', $body);
    if ($status >= 200 && $status < 300) {
        $order->update_meta_data(OUTPOST_REPORTED_META, (string) time());
        $order->delete_meta_data(OUTPOST_ERROR_META);
        $order->save();
        return;
    }
    outpost_failed($order, 'purchase', '', $attempt, $status, $answer);
}

/**
 * A refund of a reported order: its amount comes off the purchase's revenue. One made before the
 * purchase was reported needs nothing: the purchase is sent without it.
 *
 * @param int|string $order_id
 * @param int|string $refund_id
 */
function outpost_report_refund($order_id, $refund_id, int $attempt = 0)
{
    $api = outpost_api();
    $order = $order_id ? wc_get_order($order_id) : false;
    $refund = $refund_id ? wc_get_order($refund_id) : false;
    if (!$api || !$order || !$refund || (string) $order->get_meta(OUTPOST_REPORTED_META) === '') {
        return;
    }
    $number = (string) $order->get_order_number();
    $body = array(
        'site' => $api['site'],
        'conversion' => $number,
        'idempotency_key' => $number . '-refund-' . $refund_id,
        'revenue' => array('amount' => outpost_amount(abs((float) $refund->get_amount())), 'currency' => (string) $order->get_currency()),
    );
    list($status, $answer) = outpost_post($api, '/api/v1/conversions/refunds', $body);
    if ($status < 200 || $status >= 300) {
        outpost_failed($order, 'refund', (string) $refund_id, $attempt, $status, $answer);
    }
}

/**
 * A reported order cancelled or refunded in full: the purchase is taken back and no longer counts.
 *
 * @param int|string $order_id
 */
function outpost_report_cancellation($order_id, int $attempt = 0)
{
    $api = outpost_api();
    $order = $order_id ? wc_get_order($order_id) : false;
    if (!$api || !$order || (string) $order->get_meta(OUTPOST_REPORTED_META) === '') {
        return;
    }
    $number = (string) $order->get_order_number();
    $body = array('site' => $api['site'], 'conversion' => $number, 'idempotency_key' => $number . '-cancelled');
    list($status, $answer) = outpost_post($api, '/api/v1/conversions/refunds', $body);
    if ($status < 200 || $status >= 300) {
        outpost_failed($order, 'cancellation', '', $attempt, $status, $answer);
    }
}

/**
 * A call that did not get through is tried again later, by WP-Cron; one the server refused (a 4xx
 * other than 408 and 429: a wrong key or site, say) would be refused again, and is noted on the order.
 */
function outpost_failed($order, string $kind, string $ref, int $attempt, int $status, string $answer)
{
    $what = $status === 0 ? 'not reached: ' . $answer : 'HTTP ' . $status . ': ' . $answer;
    $retry = $status === 0 || $status === 408 || $status === 429 || $status >= 500;
    if ($retry && $attempt < count(OUTPOST_BACKOFF)) {
        wp_schedule_single_event(time() + OUTPOST_BACKOFF[$attempt], OUTPOST_RETRY_HOOK, array($kind, (int) $order->get_id(), $ref, $attempt + 1));
        outpost_note($order, $kind . ' ' . $what . ' (try ' . ($attempt + 2) . ' scheduled)');
        return;
    }
    outpost_note($order, $kind . ' ' . $what . ($retry ? ' (gave up)' : ''));
}

/** Keeps why a call did not get through on the order, for the shop owner. */
function outpost_note($order, string $why)
{
    $order->update_meta_data(OUTPOST_ERROR_META, $why);
    $order->save();
}

/** WP-Cron: the next try of a call that failed. */
function outpost_retry($kind, $order_id, $ref = '', $attempt = 1)
{
    if ($kind === 'purchase') {
        outpost_report_purchase($order_id, (int) $attempt);
    } elseif ($kind === 'refund') {
        outpost_report_refund($order_id, $ref, (int) $attempt);
    } elseif ($kind === 'cancellation') {
        outpost_report_cancellation($order_id, (int) $attempt);
    }
}
add_action(OUTPOST_RETRY_HOOK, 'outpost_retry', 10, 4);

add_action('woocommerce_payment_complete', 'outpost_report_purchase', 10, 1);
add_action('woocommerce_order_status_processing', 'outpost_report_purchase', 10, 1);
add_action('woocommerce_order_status_completed', 'outpost_report_purchase', 10, 1);
add_action('woocommerce_order_refunded', 'outpost_report_refund', 10, 2);
add_action('woocommerce_order_status_cancelled', 'outpost_report_cancellation', 10, 1);
add_action('woocommerce_order_status_refunded', 'outpost_report_cancellation', 10, 1);

/**
 * Classic checkout, with the cross-visit id on: a hidden field the snippet's id is put into, so the
 * order carries it (the server then finds the buyer's visits on any day, not only today's).
 */
function outpost_checkout_field()
{
    $s = outpost_settings();
    if (empty($s['cross_visit'])) {
        return;
    }
    echo '<input type="hidden" name="outpost_vid" id="outpost_vid" value="">'
        . '<script>(function(){function put(){var f=document.getElementById("outpost_vid"),v=window.outpost&&outpost.visitor&&outpost.visitor();'
        . 'if(f&&v)f.value=v}put();window.addEventListener("load",put)})();</script>' . "\n";
}
add_action('woocommerce_after_order_notes', 'outpost_checkout_field');

/** Keeps the posted cross-visit id (when it looks like one) in the new order's meta. */
function outpost_checkout_create_order($order, $data = array())
{
    $s = outpost_settings();
    $vid = isset($_POST['outpost_vid']) ? (string) wp_unslash($_POST['outpost_vid']) : '';
    if (!empty($s['cross_visit']) && preg_match('/^[A-Za-z0-9_-]{8,128}$/', $vid)) {
        $order->update_meta_data(OUTPOST_VID_META, $vid);
    }
}
add_action('woocommerce_checkout_create_order', 'outpost_checkout_create_order', 10, 2);

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
    // API keys are "op_" and URL-safe base64; anything else is a paste gone wrong.
    $key = preg_replace('/[^A-Za-z0-9_-]/', '', trim((string) ($input['api_key'] ?? '')));
    return array(
        'server_url' => $server,
        'site_domain' => $site,
        'api_key' => $key,
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
                    <th scope="row"><label for="outpost_api_key"><?php echo esc_html__('API key', 'outpost'); ?></label></th>
                    <td>
                        <input type="password" class="regular-text" id="outpost_api_key" name="<?php echo esc_attr($name); ?>[api_key]"
                               value="<?php echo esc_attr($s['api_key']); ?>" autocomplete="off" placeholder="op_…">
                        <p class="description"><?php echo esc_html__('For WooCommerce orders: a key with scope "conversions", made in Outpost under Settings (or: outpost key add --name shop --scope conversions). It can send purchases and refunds, and nothing else.', 'outpost'); ?></p>
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
        <h2><?php echo esc_html__('Connection', 'outpost'); ?></h2>
        <?php $result = get_transient(OUTPOST_TEST_TRANSIENT); ?>
        <?php if (is_array($result)) : delete_transient(OUTPOST_TEST_TRANSIENT); ?>
            <div class="notice <?php echo $result['ok'] ? 'notice-success' : 'notice-error'; ?> outpost-test-result">
                <p><strong><?php echo esc_html($result['meaning']); ?></strong></p>
                <?php if ($result['status'] !== 0 || $result['answer'] !== '') : ?>
                    <p><?php echo esc_html__('The server answered:', 'outpost'); ?>
                        <code><?php echo esc_html(($result['status'] ? 'HTTP ' . $result['status'] . ' ' : '') . $result['answer']); ?></code></p>
                <?php endif; ?>
            </div>
        <?php endif; ?>
        <form method="post" action="<?php echo esc_url(admin_url('admin-post.php')); ?>">
            <input type="hidden" name="action" value="outpost_test_connection">
            <?php wp_nonce_field('outpost_test_connection'); ?>
            <?php submit_button(__('Test connection', 'outpost'), 'secondary', 'outpost_test', false); ?>
        </form>
        <?php $dashboard = outpost_dashboard_url(); ?>
        <?php if ($dashboard !== '') : ?>
            <p><a href="<?php echo esc_url($dashboard); ?>" target="_blank" rel="noopener"><?php echo esc_html__('Open this site\'s dashboard in Outpost', 'outpost'); ?></a></p>
        <?php endif; ?>
    </div>
    <?php
}

// ------------------------------------------------------------------ test connection

const OUTPOST_TEST_TRANSIENT = 'outpost_test_result';

/** The site's dashboard on the Outpost server, or '' while not configured. */
function outpost_dashboard_url(): string
{
    $s = outpost_settings();
    $server = rtrim(trim((string) $s['server_url']), '/');
    $site = trim((string) $s['site_domain']);
    return $server === '' || $site === '' ? '' : $server . '/sites/' . rawurlencode($site);
}

/**
 * Asks the server with the saved settings: a conversion with no goal, which it checks for the key
 * and the site first and then refuses for the missing goal, storing nothing. Returns ok, status,
 * the answer as sent, and what it means.
 */
function outpost_test_connection(): array
{
    $api = outpost_api();
    if (!$api) {
        return array('ok' => false, 'status' => 0, 'answer' => '',
            'meaning' => __('Save the server URL, the site domain and the API key first.', 'outpost'));
    }
    list($status, $answer) = outpost_post($api, '/api/v1/conversions', array('site' => $api['site']));
    $json = json_decode($answer, true);
    $error = is_array($json) && isset($json['error']) ? (string) $json['error'] : '';
    $connected = $status === 400 && strpos($error, 'goal:') === 0;
    if ($connected) {
        $meaning = sprintf(__('Connected: the server accepts the key and knows %s. Paid orders will be reported.', 'outpost'), $api['site']);
    } elseif ($status === 0) {
        $meaning = __('The server was not reached. Check the server URL.', 'outpost');
    } elseif ($status === 401) {
        $meaning = __('The server does not accept the API key: check it, or make a new one.', 'outpost');
    } elseif ($status === 403) {
        $meaning = __('This key may not send conversions: make one with scope "conversions".', 'outpost');
    } elseif ($status === 404 && strpos($error, 'site:') === 0) {
        $meaning = sprintf(__('The server has no site %s: add it in Outpost, or fix the site domain.', 'outpost'), $api['site']);
    } else {
        $meaning = __('Unexpected answer: is the server URL the Outpost server?', 'outpost');
    }
    return array('ok' => $connected, 'status' => $status,
        'answer' => substr($answer, 0, 500), 'meaning' => $meaning);
}

/** admin-post.php?action=outpost_test_connection: test, keep the answer for the settings page, go back to it. */
function outpost_admin_test_connection()
{
    if (!current_user_can('manage_options')) {
        wp_die(esc_html__('Sorry, you are not allowed to do that.', 'outpost'), 403);
    }
    check_admin_referer('outpost_test_connection');
    set_transient(OUTPOST_TEST_TRANSIENT, outpost_test_connection(), 300);
    wp_safe_redirect(admin_url('options-general.php?page=outpost'));
    exit;
}
add_action('admin_post_outpost_test_connection', 'outpost_admin_test_connection');
