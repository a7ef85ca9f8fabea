<?php
/**
 * Tests for the Outpost WordPress plugin without WordPress: wordpress-stub.php stands in for the
 * WordPress and WooCommerce functions the plugin calls, the plugin is loaded, its hooks are run,
 * and what it prints and sends (the server's answers scripted) is checked.
 *
 *   php -l tracker-snippet/wordpress/outpost/outpost.php
 *   php tracker-snippet/wordpress/tests/run.php
 *
 * Prints one line per failure and a last line "N passed, M failed"; exits 1 on any failure.
 */

// ------------------------------------------------------------------ the tests

require __DIR__ . '/wordpress-stub.php';
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
        'api_key' => 'op_testkey0123456789',
        'cross_visit' => false,
        'exclude_editors' => true,
    ), $extra));
}

$stub = '<script>window.outpost=window.outpost||function(){(outpost.q=outpost.q||[]).push(arguments)};</script>';
$tag = '<script defer data-site="shop.example.com" src="https://stats.example.com/js/outpost.js"></script>';

// Hooks are registered.
check('wp_head hook', isset($GLOBALS['wp']['hooks']['wp_head']));
check('no thank-you page hook: purchases go from the server', !isset($GLOBALS['wp']['hooks']['woocommerce_thankyou']));
foreach (array('woocommerce_payment_complete', 'woocommerce_order_status_processing', 'woocommerce_order_status_completed',
             'woocommerce_order_refunded', 'woocommerce_order_status_cancelled', 'woocommerce_order_status_refunded',
             'woocommerce_checkout_create_order', 'outpost_retry', 'admin_post_outpost_test_connection') as $hook) {
    check("$hook hook", isset($GLOBALS['wp']['hooks'][$hook]));
}

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

// ------------------------------------------------------------------ WooCommerce orders

/** Scripts the server's answers, one per request (the last one repeats); answers: [status, body] or 'down'. */
function server_answers(array $answers)
{
    $GLOBALS['wp']['http'] = function ($url, $args) use (&$answers) {
        $a = count($answers) > 1 ? array_shift($answers) : $answers[0];
        return $a === 'down' ? new WP_Error('http_request_failed', 'cURL error 7: Failed to connect') : array('response' => array('code' => $a[0]), 'body' => $a[1]);
    };
}

function sent()
{
    return array_map(function ($r) {
        return array('url' => $r['url'], 'auth' => $r['args']['headers']['Authorization'] ?? '', 'body' => json_decode($r['args']['body'], true));
    }, $GLOBALS['wp']['requests']);
}

const CREATED = array(201, '{"ok":true,"duplicate":false}');

// A paid order is sent once, from the server, with its number as the idempotency key.
wp_reset(configured());
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(1234, '29.90', 'EUR', '198.51.100.4', 'Mozilla/5.0 Firefox/132.0'));
$order->number = 'WC-1234';
check('checkout sends nothing', count(sent()) === 0);
wc_payment_complete($order);
$s = sent();
check('paid order sent once (payment hook and status hook)', count($s) === 1, var_export($s, true));
check('to the conversions endpoint with the key', $s[0]['url'] === 'https://stats.example.com/api/v1/conversions' && $s[0]['auth'] === 'Bearer op_testkey0123456789', var_export($s, true));
check('purchase body', $s[0]['body'] === array('site' => 'shop.example.com', 'goal' => 'purchase', 'idempotency_key' => 'WC-1234',
    'revenue' => array('amount' => '29.90', 'currency' => 'EUR'), 'ip' => '198.51.100.4', 'user_agent' => 'Mozilla/5.0 Firefox/132.0'), var_export($s[0]['body'], true));
check('order marked reported', $order->get_meta('_outpost_reported') !== '');
wc_set_status($order, 'completed');
check('completing the order sends nothing more', count(sent()) === 1);
check('no retry scheduled', count($GLOBALS['wp']['cron']) === 0);

// Unpaid orders are never sent.
foreach (array('failed', 'pending', 'on-hold', 'cancelled') as $status) {
    wp_reset(configured());
    server_answers(array(CREATED));
    $order = wc_checkout(new StubOrder(50, '10.00', 'EUR'));
    wc_set_status($order, $status);
    run_action('woocommerce_payment_complete', 50);
    check("$status order not sent", count(sent()) === 0 && $order->get_meta('_outpost_reported') === '', var_export(sent(), true));
}
// A bank transfer: on hold, then marked processing by hand (no payment hook).
wp_reset(configured());
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(51, '70.00', 'EUR'));
wc_set_status($order, 'on-hold');
wc_set_status($order, 'processing');
check('on-hold then processing: sent once', count(sent()) === 1 && sent()[0]['body']['idempotency_key'] === '51');

// The cross-visit id posted at checkout is the visitor; without the option it is ignored.
wp_reset(configured(array('cross_visit' => true)));
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(60, '5.00', 'USD'), array('outpost_vid' => '0b8a4a3e-7d2f-4f0e-9d61-3c1b5a0f9e21'));
wc_payment_complete($order);
$body = sent()[0]['body'];
check('vid from checkout', ($body['vid'] ?? '') === '0b8a4a3e-7d2f-4f0e-9d61-3c1b5a0f9e21' && !isset($body['ip']), var_export($body, true));
wp_reset(configured(array('cross_visit' => true)));
$order = wc_checkout(new StubOrder(61, '5.00', 'USD'), array('outpost_vid' => '"><script>'));
check('a vid that is not one is not kept', $order->get_meta('_outpost_vid') === '');
wp_reset(configured());
$order = wc_checkout(new StubOrder(62, '5.00', 'USD'), array('outpost_vid' => '0b8a4a3e-7d2f-4f0e'));
check('no vid kept without cross-visit', $order->get_meta('_outpost_vid') === '');
wp_reset(configured(array('cross_visit' => true)));
$field = run_action('woocommerce_after_order_notes');
check('checkout field filled from outpost.visitor()', strpos($field, 'name="outpost_vid"') !== false && strpos($field, 'outpost.visitor()') !== false, $field);
wp_reset(configured());
check('no checkout field without cross-visit', run_action('woocommerce_after_order_notes') === '');

// No visitor at all (an order made in the admin): not sent, and why is noted.
wp_reset(configured());
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(63, '5.00', 'USD', '', ''));
wc_payment_complete($order);
check('no visitor: not sent, noted', count(sent()) === 0 && strpos($order->get_meta('_outpost_error'), 'neither a cross-visit id') !== false);

// Not configured (no key): nothing is sent.
wp_reset(configured(array('api_key' => '')));
server_answers(array(CREATED));
wc_payment_complete(wc_checkout(new StubOrder(64, '5.00', 'USD')));
check('no key: nothing sent', count(sent()) === 0);

// Orders 0.1.0 reported from the thank-you page are not sent again.
wp_reset(configured());
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(65, '5.00', 'USD'));
$order->meta['_outpost_tracked'] = '1733400000';
wc_set_status($order, 'completed');
check('0.1.0 order not sent again', count(sent()) === 0);

// Retries: the server down, then busy, then back: WP-Cron tries again with growing delays, same key.
wp_reset(configured());
server_answers(array('down', array(503, '{"error":"server busy"}'), array(200, '{"ok":true,"duplicate":true}')));
$order = wc_checkout(new StubOrder(70, '12.50', 'EUR'));
$before = time();
wc_payment_complete($order);
check('a failed call schedules one retry', count($GLOBALS['wp']['cron']) === 1 && $order->get_meta('_outpost_reported') === '', var_export($GLOBALS['wp']['cron'], true));
$first = $GLOBALS['wp']['cron'][0];
check('first retry in a minute', $first['hook'] === 'outpost_retry' && $first['at'] >= $before + 60 && $first['at'] <= time() + 60
    && $first['args'] === array('purchase', 70, '', 1), var_export($first, true));
check('the failure is noted', strpos($order->get_meta('_outpost_error'), 'not reached') !== false, $order->get_meta('_outpost_error'));
run_cron();
$second = $GLOBALS['wp']['cron'][0] ?? null;
check('a 503 schedules the next, later', $second && $second['at'] >= $before + 300 && $second['args'][3] === 2, var_export($second, true));
run_cron();
check('then it gets through', $order->get_meta('_outpost_reported') !== '' && count($GLOBALS['wp']['cron']) === 0 && $order->get_meta('_outpost_error') === '');
$keys = array_map(function ($r) {
    return $r['body']['idempotency_key'];
}, sent());
check('three tries, one key', $keys === array('70', '70', '70'), var_export($keys, true));

// A retry that finds the order cancelled in the meantime sends nothing.
wp_reset(configured());
server_answers(array('down', CREATED));
$order = wc_checkout(new StubOrder(71, '12.50', 'EUR'));
wc_payment_complete($order);
$order->status = 'cancelled';
run_cron();
check('retry of a cancelled order sends nothing', count(sent()) === 1 && $order->get_meta('_outpost_reported') === '');

// It gives up after the last delay; a refusal (4xx) is not retried.
wp_reset(configured());
server_answers(array('down'));
$order = wc_checkout(new StubOrder(72, '1.00', 'EUR'));
wc_payment_complete($order);
$runs = 0;
while (run_cron() > 0 && $runs < 50) {
    $runs++;
}
check('gives up after 8 retries', count(sent()) === 9 && strpos($order->get_meta('_outpost_error'), 'gave up') !== false, count(sent()) . ' ' . $order->get_meta('_outpost_error'));
wp_reset(configured());
server_answers(array(array(401, '{"error":"Authorization: unknown API key"}')));
$order = wc_checkout(new StubOrder(73, '1.00', 'EUR'));
wc_payment_complete($order);
check('401: no retry, noted', count($GLOBALS['wp']['cron']) === 0 && strpos($order->get_meta('_outpost_error'), 'HTTP 401: {"error":"Authorization: unknown API key"}') !== false, $order->get_meta('_outpost_error'));
wp_reset(configured());
server_answers(array(array(429, '{"error":"slow down"}'), CREATED));
wc_payment_complete(wc_checkout(new StubOrder(74, '1.00', 'EUR')));
check('429 is retried', count($GLOBALS['wp']['cron']) === 1);

// Refunds: each once, by its own key, after the purchase; a full one takes the purchase back.
wp_reset(configured());
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(80, '100.00', 'EUR'));
wc_payment_complete($order);
wc_refund($order, '30.00');
$s = sent();
check('partial refund sent', count($s) === 2 && $s[1]['url'] === 'https://stats.example.com/api/v1/conversions/refunds'
    && $s[1]['body'] === array('site' => 'shop.example.com', 'conversion' => '80', 'idempotency_key' => '80-refund-' . (9000 + 1),
        'revenue' => array('amount' => '30.00', 'currency' => 'EUR')), var_export($s[1] ?? null, true));
wc_refund($order, '70.00');
$s = sent();
check('the rest refunded: its refund, then the order taken back', count($s) === 4 && $s[2]['body']['revenue']['amount'] === '70.00'
    && $s[3]['body'] === array('site' => 'shop.example.com', 'conversion' => '80', 'idempotency_key' => '80-cancelled'), var_export($s, true));
wp_reset(configured());
server_answers(array(CREATED));
$order = wc_checkout(new StubOrder(81, '20.00', 'EUR'));
wc_payment_complete($order);
wc_set_status($order, 'cancelled');
check('cancelled after payment: taken back', count(sent()) === 2 && sent()[1]['body']['idempotency_key'] === '81-cancelled');

// A refund before the purchase got through: no refund call; the purchase goes out without it.
wp_reset(configured());
server_answers(array('down', CREATED));
$order = wc_checkout(new StubOrder(82, '50.00', 'EUR'));
wc_payment_complete($order);
wc_refund($order, '10.00');
check('refund of an unreported order sends nothing', count(sent()) === 1);
run_cron();
check('the purchase goes out less the refund', sent()[1]['body']['revenue']['amount'] === '40.00', var_export(sent(), true));

// A refund that fails is retried with its own key.
wp_reset(configured());
server_answers(array(CREATED, 'down', CREATED));
$order = wc_checkout(new StubOrder(83, '50.00', 'EUR'));
wc_payment_complete($order);
$refund = wc_refund($order, '5.00');
check('failed refund scheduled', ($GLOBALS['wp']['cron'][0]['args'] ?? null) === array('refund', 83, (string) $refund->id, 1), var_export($GLOBALS['wp']['cron'], true));
run_cron();
$s = sent();
check('refund retried with the same key', count($s) === 3 && $s[1]['body'] === $s[2]['body'] && count($GLOBALS['wp']['cron']) === 0);

// Test connection: what the server answered, and what it means.
$cases = array(
    array(array(400, '{"error":"goal: is required: the name of an event goal"}'), true, 'Connected'),
    array(array(401, '{"error":"Authorization: unknown API key"}'), false, 'does not accept the API key'),
    array(array(403, '{"error":"Authorization: this key has scope \'read\'"}'), false, 'scope "conversions"'),
    array(array(404, '{"error":"site: no site \'shop.example.com\'"}'), false, 'has no site shop.example.com'),
    array('down', false, 'not reached'),
);
foreach ($cases as $case) {
    wp_reset(configured());
    server_answers(array($case[0]));
    $r = outpost_test_connection();
    check('test connection: ' . $case[2], $r['ok'] === $case[1] && strpos($r['meaning'], $case[2]) !== false, var_export($r, true));
}
check('test connection sends no goal, so nothing is stored', sent()[0]['body'] === array('site' => 'shop.example.com'));
wp_reset(configured(array('api_key' => '')));
check('test connection unconfigured', strpos(outpost_test_connection()['meaning'], 'first') !== false && count(sent()) === 0);

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
