package dev.outpost.access;

import dev.outpost.support.TestOutpost;
import dev.outpost.support.TestOutpost.Response;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jsoup.Jsoup;

/** What the access tests share: filling pre-login forms as a browser does, reading Set-Cookie. */
final class AccessTesting {
    private AccessTesting() {}

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    static Response preLogin(TestOutpost outpost, String path, Map<String, String> fields) {
        return preLogin(outpost, path, path, fields, Map.of());
    }

    static Response preLogin(TestOutpost outpost, String path, Map<String, String> fields, Map<String, String> headers) {
        return preLogin(outpost, path, path, fields, headers);
    }

    /**
     * Opens the form at {@code formPath} as a new browser (its double-submit cookie and hidden field),
     * then posts {@code fields} with them to {@code postPath}.
     */
    static Response preLogin(TestOutpost outpost, String formPath, String postPath, Map<String, String> fields,
            Map<String, String> headers) {
        Response page = outpost.send("GET", formPath, null, headers);
        if (page.status() != 200) throw new IllegalStateException(formPath + " answered " + page.status());
        String cookie = TestOutpost.setCookie(page, "outpost_csrf");
        String field = Jsoup.parse(page.body()).selectFirst("input[name=csrf]").val();
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.putIfAbsent("csrf", field);
        Map<String, String> h = new HashMap<>(headers);
        h.put("Cookie", "outpost_csrf=" + cookie);
        h.put("Content-Type", "application/x-www-form-urlencoded");
        return outpost.send("POST", postPath, TestOutpost.formBody(all), h);
    }

    /** The whole Set-Cookie line for a cookie (its attributes), or null. */
    static String cookieLine(Response r, String name) {
        return r.raw().headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst().orElse(null);
    }

    static String location(Response r) {
        return r.raw().headers().firstValue("Location").orElse(null);
    }
}
