<?php
/**
 * A stand-in for the parts of WordPress and WooCommerce the Outpost plugin uses: hooks, options,
 * transients, WP-Cron, HTTP (wp_remote_post: real HTTP over PHP streams unless a test scripts the
 * answers in $GLOBALS['wp']['http']) and orders whose status changes fire the hooks WooCommerce
 * fires. Shared by run.php (the plugin's tests) and e2e.php (the plugin against a real server).
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
        'cron' => array(),
        'requests' => array(),
        'http' => null,
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

function __($text, $domain = 'default')
{
    return $text;
}

function wp_unslash($value)
{
    return is_string($value) ? stripslashes($value) : $value;
}

function set_transient($name, $value, $expiration = 0)
{
    $GLOBALS['wp']['options']['_transient_' . $name] = $value;
    return true;
}

function get_transient($name)
{
    return $GLOBALS['wp']['options']['_transient_' . $name] ?? false;
}

function delete_transient($name)
{
    unset($GLOBALS['wp']['options']['_transient_' . $name]);
    return true;
}

function wp_nonce_field($action)
{
    echo '<input type="hidden" name="_wpnonce" value="nonce-' . esc_attr($action) . '">';
}

// ------------------------------------------------------------------ WP-Cron

/** Like WordPress: the same hook with the same arguments within ten minutes is one event. */
function wp_schedule_single_event($timestamp, $hook, $args = array())
{
    foreach ($GLOBALS['wp']['cron'] as $e) {
        if ($e['hook'] === $hook && $e['args'] === $args && abs($e['at'] - $timestamp) < 600) {
            return false;
        }
    }
    $GLOBALS['wp']['cron'][] = array('at' => $timestamp, 'hook' => $hook, 'args' => $args);
    return true;
}

function wp_unschedule_hook($hook)
{
    $GLOBALS['wp']['cron'] = array_values(array_filter($GLOBALS['wp']['cron'], function ($e) use ($hook) {
        return $e['hook'] !== $hook;
    }));
}

/** Runs the events scheduled so far, as if their time had come; returns how many ran. */
function run_cron()
{
    $due = $GLOBALS['wp']['cron'];
    $GLOBALS['wp']['cron'] = array();
    foreach ($due as $e) {
        run_action($e['hook'], ...$e['args']);
    }
    return count($due);
}

// ------------------------------------------------------------------ HTTP

class WP_Error
{
    private $message;

    public function __construct($code = '', $message = '')
    {
        $this->message = $message;
    }

    public function get_error_message()
    {
        return $this->message;
    }
}

function is_wp_error($thing)
{
    return $thing instanceof WP_Error;
}

/** Each request is kept in $GLOBALS['wp']['requests']; a test may script the answers in $GLOBALS['wp']['http']. */
function wp_remote_post($url, $args = array())
{
    $GLOBALS['wp']['requests'][] = array('url' => $url, 'args' => $args);
    $http = $GLOBALS['wp']['http'] ?? null;
    return $http ? $http($url, $args) : stub_real_http('POST', $url, $args);
}

function stub_real_http($method, $url, $args)
{
    $headers = '';
    foreach ($args['headers'] ?? array() as $k => $v) {
        $headers .= "$k: $v\r\n";
    }
    $context = stream_context_create(array('http' => array(
        'method' => $method,
        'header' => $headers,
        'content' => $args['body'] ?? '',
        'timeout' => $args['timeout'] ?? 5,
        'ignore_errors' => true,
    )));
    $body = @file_get_contents($url, false, $context);
    if ($body === false || empty($http_response_header)) {
        $error = error_get_last();
        return new WP_Error('http_request_failed', $error ? $error['message'] : 'no answer');
    }
    preg_match('#^HTTP/\S+ (\d{3})#', $http_response_header[0], $m);
    return array('response' => array('code' => (int) $m[1]), 'body' => $body);
}

function wp_remote_retrieve_response_code($response)
{
    return $response['response']['code'] ?? '';
}

function wp_remote_retrieve_body($response)
{
    return $response['body'] ?? '';
}

// ------------------------------------------------------------------ WooCommerce

/** An order with what the plugin uses; meta is only kept by save(), as in WooCommerce. */
class StubOrder
{
    public $id;
    public $number;
    public $total;
    public $currency;
    public $status = 'pending';
    public $ip = '';
    public $ua = '';
    public $refunded = 0.0;
    public $meta = array();
    public $saves = 0;

    public function __construct($id, $total, $currency, $ip = '203.0.113.7', $ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0 Safari/537.36')
    {
        $this->id = $id;
        $this->number = (string) $id;
        $this->total = $total;
        $this->currency = $currency;
        $this->ip = $ip;
        $this->ua = $ua;
    }

    public function get_id()
    {
        return $this->id;
    }

    public function get_order_number()
    {
        return $this->number;
    }

    public function get_status()
    {
        return $this->status;
    }

    public function get_total()
    {
        return $this->total;
    }

    public function get_total_refunded()
    {
        return $this->refunded;
    }

    public function get_currency()
    {
        return $this->currency;
    }

    public function get_customer_ip_address()
    {
        return $this->ip;
    }

    public function get_customer_user_agent()
    {
        return $this->ua;
    }

    public function get_meta($key, $single = true)
    {
        return $this->meta[$key] ?? '';
    }

    public function update_meta_data($key, $value)
    {
        $this->meta[$key] = $value;
    }

    public function delete_meta_data($key)
    {
        unset($this->meta[$key]);
    }

    public function save()
    {
        $this->saves++;
        return $this->id;
    }
}

/** A refund: WooCommerce keeps it as an order of its own, with a positive amount. */
class StubRefund
{
    public $id;
    public $amount;

    public function __construct($id, $amount)
    {
        $this->id = $id;
        $this->amount = $amount;
    }

    public function get_amount()
    {
        return $this->amount;
    }
}

function wc_get_order($id)
{
    return $GLOBALS['wp']['orders'][(int) $id] ?? false;
}

function wc_get_price_decimals()
{
    return 2;
}

/** Classic checkout: the posted form, then the new order as WooCommerce makes it. */
function wc_checkout(StubOrder $order, array $post = array())
{
    $GLOBALS['wp']['orders'][$order->id] = $order;
    $_POST = $post;
    run_action('woocommerce_checkout_create_order', $order, array());
    $_POST = array();
    $order->save();
    return $order;
}

/** A status change, firing woocommerce_order_status_{status} as WooCommerce's save does. */
function wc_set_status(StubOrder $order, $status)
{
    $order->status = $status;
    $order->save();
    run_action('woocommerce_order_status_' . $status, $order->id, $order);
}

/** WC_Order::payment_complete(): "processing" (its hooks first), then woocommerce_payment_complete. */
function wc_payment_complete(StubOrder $order)
{
    wc_set_status($order, 'processing');
    run_action('woocommerce_payment_complete', $order->id);
}

/** wc_create_refund(): the refund, woocommerce_order_refunded, and "refunded" once all of it is back. */
function wc_refund(StubOrder $order, $amount)
{
    static $next = 9000;
    $refund = new StubRefund(++$next, $amount);
    $GLOBALS['wp']['orders'][$refund->id] = $refund;
    $order->refunded += (float) $amount;
    run_action('woocommerce_order_refunded', $order->id, $refund->id);
    if ($order->refunded >= (float) $order->total) {
        wc_set_status($order, 'refunded');
    }
    return $refund;
}
