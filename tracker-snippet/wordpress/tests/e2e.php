<?php
/**
 * The plugin against a real Outpost server: WordPress and WooCommerce stood in for by
 * wordpress-stub.php, HTTP real. dev.outpost.snippet.WordPressEndToEndTest runs it.
 *
 *   php e2e.php SERVER_URL SITE API_KEY ORDERS_JSON
 *
 * ORDERS_JSON: [{"id":1001,"total":"29.90","currency":"EUR","ip":"…","ua":"…","vid":"…",
 * "steps":["pay","complete","refund:5.00","cancel","fail","hold","outage","cron"]}, …]; each step
 * is what the shop does to the order ("outage": the next call does not reach the server; "cron"
 * runs WP-Cron's retries). Prints, as JSON, the test
 * connection's result and each order's meta and the answers its calls got.
 */

require __DIR__ . '/wordpress-stub.php';
require __DIR__ . '/../outpost/outpost.php';

list(, $server, $site, $key, $orders) = $argv;
wp_reset(array('outpost_settings' => array(
    'server_url' => $server,
    'site_domain' => $site,
    'api_key' => $key,
    'cross_visit' => true,
    'exclude_editors' => true,
)));

$out = array('test_connection' => outpost_test_connection(), 'orders' => array());
foreach (json_decode($orders, true) as $o) {
    $GLOBALS['wp']['requests'] = array();
    $order = wc_checkout(new StubOrder($o['id'], $o['total'], $o['currency'], $o['ip'] ?? '', $o['ua'] ?? ''),
        isset($o['vid']) ? array('outpost_vid' => $o['vid']) : array());
    foreach ($o['steps'] as $step) {
        if ($step === 'pay') {
            wc_payment_complete($order);
        } elseif ($step === 'complete') {
            wc_set_status($order, 'completed');
        } elseif ($step === 'fail') {
            wc_set_status($order, 'failed');
        } elseif ($step === 'hold') {
            wc_set_status($order, 'on-hold');
        } elseif ($step === 'cancel') {
            wc_set_status($order, 'cancelled');
        } elseif ($step === 'outage') {
            $GLOBALS['wp']['http'] = function ($url, $args) {
                $GLOBALS['wp']['http'] = null;
                return new WP_Error('http_request_failed', 'cURL error 7: Failed to connect');
            };
        } elseif ($step === 'cron') {
            run_cron();
        } elseif (strpos($step, 'refund:') === 0) {
            wc_refund($order, substr($step, 7));
        } else {
            throw new InvalidArgumentException("unknown step $step");
        }
    }
    $out['orders'][(string) $o['id']] = array(
        'meta' => $order->meta,
        'calls' => count($GLOBALS['wp']['requests']),
        'retries' => count($GLOBALS['wp']['cron']),
    );
}
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
