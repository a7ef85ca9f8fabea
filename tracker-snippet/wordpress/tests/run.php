<?php
/**
 * Tests for the Outpost WordPress plugin without WordPress: the WordPress and WooCommerce
 * functions the plugin calls are stubbed here, the plugin is loaded, its hooks are run, and the
 * HTML they print is checked.
 *
 *   php -l tracker-snippet/wordpress/outpost/outpost.php
 *   php tracker-snippet/wordpress/tests/run.php
 *
 * Prints one line per failure and a last line "N passed, M failed"; exits 1 on any failure.
 */

error_reporting(E_ALL);
ini_set('display_errors', 'stderr');
set_error_handler(function ($severity, $message, $file, $line) {
    throw new ErrorException($message, 0, $severity, $file, $line);
});

define('ABSPATH', __DIR__ . '/');

// ------------------------------------------------------------------ WordPress stubs

$GLOBALS['wp'] = array();

function wp_reset(array $options = array())
{
    $GLOBALS['wp'] = array(
        'options' => $options,
        'logged_in' => false,
        'caps' => array(),
        'orders' => array(),
        'settings' => array(),
        'pages' => array(),
        'hooks' => $GLOBALS['wp']['hooks'] ?? array(),
    );
}

function add_action($hook, $callback, $priority = 10, $accepted_args = 1)
{
    $GLOBALS['wp']['hooks'][$hook][$priority][] = array($callback, $accepted_args);
    return true;
}

function add_filter($hook, $callback, $priority = 10, $accepted_args = 1)
{
    return add_action($hook, $callback, $priority, $accepted_args);
}

/** Runs an action's callbacks in priority order; returns what they printed. */
function run_action($hook, ...$args)
{
    $callbacks = $GLOBALS['wp']['hooks'][$hook] ?? array();
    ksort($callbacks);
    ob_start();
    foreach ($callbacks as $list) {
        foreach ($list as $entry) {
            call_user_func_array($entry[0], array_slice($args, 0, $entry[1]));
        }
    }
    return ob_get_clean();
}

/** Runs a filter's callbacks on $value. */
function run_filter($hook, $value)
{
    $callbacks = $GLOBALS['wp']['hooks'][$hook] ?? array();
    ksort($callbacks);
    foreach ($callbacks as $list) {
        foreach ($list as $entry) {
            $value = call_user_func($entry[0], $value);
        }
    }
    return $value;
}

function get_option($name, $default = false)
{
    return array_key_exists($name, $GLOBALS['wp']['options']) ? $GLOBALS['wp']['options'][$name] : $default;
}

function delete_option($name)
{
    unset($GLOBALS['wp']['options'][$name]);
    return true;
}

function esc_attr($text)
{
    return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
}

function esc_html($text)
{
    return htmlspecialchars((string) $text, ENT_QUOTES, 'UTF-8');
}

function esc_html__($text, $domain = 'default')
{
    return esc_html($text);
}

/** Like WordPress: only known protocols survive, and the result is safe inside an attribute. */
function esc_url($url)
{
    $url = trim((string) $url);
    if ($url === '' || !preg_match('#^(https?:)?//#i', $url) && !preg_match('#^[/?]#', $url)) {
        return '';
    }
    $url = preg_replace('/[^a-z0-9\-~+_.?\#=!&;,\/:%@$|*\'()\[\]]/i', '', $url);
    return str_replace(array('&', "'", '"', '<', '>'), array('&#038;', '&#039;', '&quot;', '', ''), $url);
}

function esc_url_raw($url)
{
    $url = trim((string) $url);
    return preg_match('#^https?://#i', $url) ? preg_replace('/[^a-z0-9\-~+_.?\#=!&;,\/:%@$|*\'()\[\]]/i', '', $url) : '';
}

function wp_json_encode($data, $options = 0, $depth = 512)
{
    return json_encode($data, $options, $depth);
}

function is_user_logged_in()
{
    return $GLOBALS['wp']['logged_in'];
}

function current_user_can($capability)
{
    return in_array($capability, $GLOBALS['wp']['caps'], true);
}

function register_setting($group, $name, $args = array())
{
    $GLOBALS['wp']['settings'][$name] = $args;
}

function add_options_page($page_title, $menu_title, $capability, $slug, $callback)
{
    $GLOBALS['wp']['pages'][$slug] = array($capability, $callback);
    return 'settings_page_' . $slug;
}

function settings_fields($group)
{
    echo '<input type="hidden" name="option_page" value="' . esc_attr($group) . '">';
}

function checked($checked, $current = true, $echo = true)
{
    $out = ((string) $checked === (string) $current) ? ' checked=\'checked\'' : '';
    if ($echo) {
        echo $out;
    }
    return $out;
}

function submit_button()
{
    echo '<input type="submit" class="button button-primary" value="Save Changes">';
}

function admin_url($path = '')
{
    return 'https://shop.example.com/wp-admin/' . ltrim($path, '/');
}

function plugin_basename($file)
{
    return basename(dirname($file)) . '/' . basename($file);
}

/** A WooCommerce order with just what the plugin uses. */
class StubOrder
{
    public $id;
    public $total;
    public $currency;
    public $meta = array();
    public $saves = 0;

    public function __construct($id, $total, $currency)
    {
        $this->id = $id;
        $this->total = $total;
        $this->currency = $currency;
    }

    public function get_total()
    {
        return $this->total;
    }

    public function get_currency()
    {
        return $this->currency;
    }

    public function get_meta($key, $single = true)
    {
        return $this->meta[$key] ?? '';
    }

    public function update_meta_data($key, $value)
    {
        $this->meta[$key] = $value;
    }

    public function save()
    {
        $this->saves++;
        return $this->id;
    }
}

function wc_get_order($id)
{
    return $GLOBALS['wp']['orders'][(int) $id] ?? false;
}

// ------------------------------------------------------------------ the tests

require __DIR__ . '/../outpost/outpost.php';

$passed = 0;
$failed = 0;

function check($name, $ok, $detail = '')
{
    global $passed, $failed;
    if ($ok) {
        $passed++;
    } else {
        $failed++;
        echo "FAIL: $name" . ($detail === '' ? '' : "\n  $detail") . "\n";
    }
}

function configured(array $extra = array())
{
    return array('outpost_settings' => array_merge(array(
        'server_url' => 'https://stats.example.com',
        'site_domain' => 'shop.example.com',
        'cross_visit' => false,
        'exclude_editors' => true,
    ), $extra));
}

$stub = '<script>window.outpost=window.outpost||function(){(outpost.q=outpost.q||[]).push(arguments)};</script>';
$tag = '<script defer data-site="shop.example.com" src="https://stats.example.com/js/outpost.js"></script>';

// Hooks are registered.
check('wp_head hook', isset($GLOBALS['wp']['hooks']['wp_head']));
check('woocommerce_thankyou hook', isset($GLOBALS['wp']['hooks']['woocommerce_thankyou']));

// Not configured: nothing.
wp_reset();
check('unconfigured: no script', run_action('wp_head') === '');

// Configured: the stub, then the tag.
wp_reset(configured());
$head = run_action('wp_head');
check('script tag with data-site and src', strpos($head, $tag) !== false, $head);
check('queue stub before the tag', strpos($head, $stub) !== false && strpos($head, $stub) < strpos($head, $tag), $head);
check('no data-cross-visit by default', strpos($head, 'data-cross-visit') === false, $head);
check('exactly one snippet', substr_count($head, '/js/outpost.js') === 1, $head);

// A trailing slash on the server URL does not double.
wp_reset(configured(array('server_url' => 'https://stats.example.com/')));
check('trailing slash', strpos(run_action('wp_head'), 'src="https://stats.example.com/js/outpost.js"') !== false);

// Cross-visit opt-in.
wp_reset(configured(array('cross_visit' => true)));
check('data-cross-visit when opted in', strpos(run_action('wp_head'), '<script defer data-site="shop.example.com" data-cross-visit src=') !== false);

// Escaping: whatever the settings hold cannot break out of the attributes.
wp_reset(configured(array('site_domain' => 'x"><script>alert(1)</script>', 'server_url' => 'javascript:alert(1)//')));
$head = run_action('wp_head');
check('site escaped', strpos($head, 'data-site="x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"') !== false, $head);
check('no injected script', strpos($head, '<script>alert') === false, $head);
check('javascript: url dropped', strpos($head, 'javascript:') === false, $head);

// Logged-in editors are left out (by default), other users are not.
wp_reset(configured());
$GLOBALS['wp']['logged_in'] = true;
$GLOBALS['wp']['caps'] = array('read', 'edit_posts');
check('editor excluded', run_action('wp_head') === '');
$GLOBALS['wp']['caps'] = array('read');
check('subscriber tracked', strpos(run_action('wp_head'), $tag) !== false);
wp_reset(configured(array('exclude_editors' => false)));
$GLOBALS['wp']['logged_in'] = true;
$GLOBALS['wp']['caps'] = array('read', 'edit_posts');
check('editor tracked when not excluded', strpos(run_action('wp_head'), $tag) !== false);

// WooCommerce: one purchase per order.
wp_reset(configured());
$order = new StubOrder(1234, '29.90', 'EUR');
$GLOBALS['wp']['orders'][1234] = $order;
$first = run_action('woocommerce_thankyou', 1234);
$expected = 'outpost("purchase",{"revenue":{"amount":"29.90","currency":"EUR"},"props":{"order":"1234"}});';
check('purchase emitted', strpos($first, $expected) !== false, $first);
check('purchase script works before outpost.js loads', strpos($first, '<script>window.outpost=window.outpost||function(){') === 0, $first);
check('order marked', $order->get_meta('_outpost_tracked') !== '' && $order->saves === 1, var_export($order->meta, true));
$second = run_action('woocommerce_thankyou', 1234);
check('second visit of the thank-you page emits nothing', $second === '', $second);
check('order saved once', $order->saves === 1);

// A float total and a numeric-string order id.
wp_reset(configured());
$GLOBALS['wp']['orders'][77] = new StubOrder(77, 1500.5, 'JPY');
check('float total', strpos(run_action('woocommerce_thankyou', '77'), '{"revenue":{"amount":"1500.5","currency":"JPY"},"props":{"order":"77"}}') !== false);

// JSON in a script element: no way out of it.
wp_reset(configured());
$GLOBALS['wp']['orders'][5] = new StubOrder(5, '1.00', '</script><script>alert(1)</script>');
$out = run_action('woocommerce_thankyou', 5);
check('json hex-escaped', strpos($out, '</script><script>alert') === false && strpos($out, '\u003C\/script\u003E') !== false, $out);

// No order, unknown order, not configured, editor: nothing, and nothing marked.
wp_reset(configured());
check('order id 0', run_action('woocommerce_thankyou', 0) === '');
check('unknown order', run_action('woocommerce_thankyou', 999) === '');
wp_reset();
$order = new StubOrder(8, '10.00', 'USD');
$GLOBALS['wp']['orders'][8] = $order;
check('unconfigured: no purchase', run_action('woocommerce_thankyou', 8) === '' && $order->saves === 0);
wp_reset(configured());
$GLOBALS['wp']['orders'][8] = $order;
$GLOBALS['wp']['logged_in'] = true;
$GLOBALS['wp']['caps'] = array('edit_posts');
check('editor: no purchase, order not marked', run_action('woocommerce_thankyou', 8) === '' && $order->get_meta('_outpost_tracked') === '');

// Settings: registered with a sanitizer that cleans the form.
wp_reset(configured());
run_action('admin_init');
run_action('admin_menu');
$sanitize = $GLOBALS['wp']['settings']['outpost_settings']['sanitize_callback'] ?? null;
check('setting registered', is_callable($sanitize));
$clean = call_user_func($sanitize, array(
    'server_url' => ' https://stats.example.com/ ',
    'site_domain' => 'https://Shop.Example.com:8443/blog?x=1',
    'cross_visit' => '1',
));
check('sanitize server url', $clean['server_url'] === 'https://stats.example.com', var_export($clean, true));
check('sanitize site domain', $clean['site_domain'] === 'shop.example.com', var_export($clean, true));
check('sanitize checkboxes', $clean['cross_visit'] === true && $clean['exclude_editors'] === false, var_export($clean, true));
$clean = call_user_func($sanitize, array('server_url' => 'javascript:alert(1)', 'site_domain' => '<b>x</b>'));
check('sanitize rejects non-http urls', $clean['server_url'] === '' && $clean['site_domain'] === 'bx', var_export($clean, true));

// Settings page: admins only, values escaped.
check('options page', isset($GLOBALS['wp']['pages']['outpost']) && $GLOBALS['wp']['pages']['outpost'][0] === 'manage_options');
wp_reset(configured(array('site_domain' => '"><img src=x onerror=alert(1)>', 'cross_visit' => true)));
$GLOBALS['wp']['caps'] = array('manage_options');
ob_start();
outpost_settings_page();
$page = ob_get_clean();
check('settings form', strpos($page, 'action="options.php"') !== false && strpos($page, 'name="outpost_settings[server_url]"') !== false
    && strpos($page, 'value="https://stats.example.com"') !== false, $page);
check('settings page escapes values', strpos($page, '<img src=x') === false && strpos($page, '&quot;&gt;&lt;img') !== false);
check('cross-visit box checked', preg_match('/name="outpost_settings\[cross_visit\]" value="1"\s+checked/', $page) === 1, $page);
$GLOBALS['wp']['caps'] = array('read');
ob_start();
outpost_settings_page();
check('settings page needs manage_options', ob_get_clean() === '');

// A Settings link on the Plugins screen.
$links = run_filter('plugin_action_links_outpost/outpost.php', array());
check('settings link', count($links) === 1 && strpos($links[0], 'options-general.php?page=outpost') !== false, var_export($links, true));

echo "$passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
