package dev.outpost.access;

import dev.outpost.config.Config;
import dev.outpost.store.AccessStore;
import dev.outpost.store.Database;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The command line's {@code key} commands (API keys) and {@code user reset-password}, the way back
 * in for an owner locked out of their own server. Refusals are thrown (ApiError naming the field,
 * or IllegalArgumentException for a bad option); Main prints them.
 */
public final class KeyCommands {
    public static final String USAGE = """
              key add --name NAME --scope read|conversions|admin
                                          create an API key and print it (shown this once);
                                          conversions: only POST /api/v1/conversions (shop plugins)
              key list                    list API keys (never their secrets)
              key revoke ID               revoke an API key at once
              user reset-password --email EMAIL --password PASSWORD
                                          set a user's password and end their sessions
            """;

    private KeyCommands() {}

    /** Runs {@code args} (the words after "key"); 0 when done, 1 for an unknown key, 2 with the usage for a malformed command. */
    public static int key(List<String> args, Config config, PrintStream out) {
        String cmd = args.isEmpty() ? "" : args.get(0);
        boolean ok = (cmd.equals("add") && args.size() == 5) || (cmd.equals("list") && args.size() == 1)
                || (cmd.equals("revoke") && args.size() == 2);
        if (!ok) return usage(out);
        try (Database db = Database.open(config.databaseUrl())) {
            ApiKeys keys = new ApiKeys(new AccessStore(db), null, Clock.systemUTC());
            switch (cmd) {
                case "add" -> {
                    String name = option(args, "--name"), scope = option(args, "--scope");
                    ApiKeys.Created c = keys.create(name, scope);
                    out.println("created API key " + c.key().id() + " '" + c.key().name() + "' (scope " + c.key().scope()
                            + "). Copy it now, it is not shown again:");
                    out.println(c.secret());
                }
                case "list" -> {
                    for (AccessStore.ApiKey k : keys.list()) {
                        out.println(k.id() + "\t" + k.prefix() + "…\t" + k.scope() + "\t" + k.name() + "\tcreated "
                                + Instant.ofEpochMilli(k.createdAt())
                                + (k.lastUsedAt() == null ? "" : "\tlast used " + Instant.ofEpochMilli(k.lastUsedAt()))
                                + (k.revoked() ? "\trevoked " + Instant.ofEpochMilli(k.revokedAt()) : ""));
                    }
                }
                default -> {
                    long id;
                    try {
                        id = Long.parseLong(args.get(1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("ID: '" + args.get(1) + "' is not a key id (see 'key list')");
                    }
                    if (!keys.revoke(id)) {
                        out.println("no live API key " + id + " (see 'key list')");
                        return 1;
                    }
                    out.println("revoked API key " + id);
                }
            }
        }
        return 0;
    }

    /** Runs {@code args} (the words after "user"). */
    public static int user(List<String> args, Config config, PrintStream out) {
        if (args.size() != 5 || !args.get(0).equals("reset-password")) return usage(out);
        String email = LoginPages.Emails.normalise(option(args, "--email"));
        String password = option(args, "--password");
        String problem = Passwords.problem(password);
        if (problem != null) throw new IllegalArgumentException(problem);
        try (Database db = Database.open(config.databaseUrl())) {
            if (!new AccessStore(db).setPassword(email, Passwords.hash(password))) {
                out.println("no user '" + email + "'");
                return 1;
            }
        }
        out.println("password of " + email + " changed; their sessions are ended");
        return 0;
    }

    /** The value after {@code flag} among the words after the sub-command. */
    private static String option(List<String> args, String flag) {
        for (int i = 1; i + 1 < args.size(); i += 2) {
            String f = args.get(i);
            if (!f.equals("--name") && !f.equals("--scope") && !f.equals("--email") && !f.equals("--password")) {
                throw new IllegalArgumentException("unknown option " + f);
            }
            if (f.equals(flag)) return args.get(i + 1);
        }
        throw new IllegalArgumentException(flag + " is required");
    }

    private static int usage(PrintStream out) {
        out.print("usage:\n" + USAGE);
        return 2;
    }
}
