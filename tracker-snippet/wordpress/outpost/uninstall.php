<?php
/**
 * Deleting the plugin removes its settings and the retries still waiting in WP-Cron. Orders keep
 * their _outpost_reported (or, from 0.1.0, _outpost_tracked) meta, which only says that their
 * purchase was reported, and _outpost_vid, the cross-visit id it was reported with.
 */
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}
delete_option('outpost_settings');
delete_transient('outpost_test_result');
wp_unschedule_hook('outpost_retry');
