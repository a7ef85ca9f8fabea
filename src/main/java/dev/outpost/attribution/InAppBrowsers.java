package dev.outpost.attribution;

import dev.outpost.attribution.SourceTable.Known;

/**
 * In-app browsers of social apps, recognised by the markers they add to the User-Agent (the {@code ua} rows of
 * the data file). Their traffic is real people, so the bot filter asks here before dropping a request.
 */
public final class InAppBrowsers {

    private InAppBrowsers() {
    }

    /** The social network whose in-app browser sent this User-Agent ("Facebook", "Instagram" ...), or null. */
    public static String inAppNetwork(String userAgent) {
        Known k = SourceTable.standard().byUserAgent(userAgent);
        return k == null ? null : k.name();
    }
}
