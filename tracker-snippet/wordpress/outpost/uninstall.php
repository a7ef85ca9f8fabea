<?php
/**
 * Deleting the plugin removes its settings. Orders keep their _outpost_tracked meta, which only
 * says that their purchase was reported.
 */
if (!defined('WP_UNINSTALL_PLUGIN')) {
    exit;
}
delete_option('outpost_settings');
