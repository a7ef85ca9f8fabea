package dev.outpost.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.report.query.Dimension;
import dev.outpost.report.query.Filter;
import dev.outpost.report.query.Metric;
import dev.outpost.report.query.PostMetric;
import dev.outpost.support.TestOutpost;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/openapi.json} against the running server: every {@code /api} route Javalin has registered is in
 * the document with its method, every documented operation is a route, and the query API's names are the code's.
 */
class OpenApiTest {
    @RegisterExtension
    static TestOutpost outpost = new TestOutpost();

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    static JsonNode doc;

    @BeforeAll
    static void fetch() {
        var r = outpost.send("GET", "/api/openapi.json", null, Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        doc = r.json();
    }

    /**
     * "POST /api/v1/posts/{id}" for every HTTP route of the running app under /api (before-handlers
     * are no routes), and the beacon's, which are answered in front of Javalin.
     */
    static Set<String> registeredRoutes() {
        Set<String> out = new TreeSet<>(dev.outpost.ingest.BeaconEndpoint.ROUTES);
        for (ParsedEndpoint p : outpost.server().javalin().unsafe.internalRouter.allHttpHandlers()) {
            if (!p.endpoint.method.isHttpMethod()) continue;
            // Javalin's {param} is OpenAPI's; its slash-accepting <param> would be too.
            String path = p.endpoint.path.replaceAll("<([^>]+)>", "{$1}");
            if (path.startsWith("/api/")) out.add(p.endpoint.method.name().toUpperCase(Locale.ROOT) + " " + path);
        }
        return out;
    }

    static Set<String> documentedOperations() {
        Set<String> out = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            var path = it.next();
            for (Iterator<String> m = path.getValue().fieldNames(); m.hasNext(); ) {
                String method = m.next();
                if (METHODS.contains(method)) out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }
        return out;
    }

    @Test
    void documentsExactlyTheApiRoutesTheServerHas() {
        Set<String> routes = registeredRoutes();
        assertThat(routes).contains("POST /api/event", "GET /api/openapi.json", "POST /api/v1/query", "PUT /api/v1/posts/{id}/engagement");
        Set<String> documented = documentedOperations();
        Set<String> missing = new TreeSet<>(routes);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        extra.removeAll(routes);
        assertThat(missing).as("routes the document leaves out").isEmpty();
        assertThat(extra).as("documented operations the server does not have").isEmpty();
    }

    @Test
    void theQueryApiNamesAreTheCodes() {
        JsonNode schemas = doc.get("components").get("schemas");
        List<String> metrics = Stream.concat(Stream.of(Metric.values()).map(Metric::key), Stream.of(PostMetric.values()).map(PostMetric::key)).toList();
        assertThat(texts(schemas.get("Metric").get("enum"))).containsExactlyElementsOf(metrics);
        assertThat(texts(schemas.get("Dimension").get("enum"))).containsExactlyElementsOf(Stream.of(Dimension.values()).map(Dimension::key).toList());
        assertThat(texts(schemas.get("FilterOp").get("enum"))).containsExactlyElementsOf(Stream.of(Filter.Op.values()).map(Filter.Op::key).toList());
        assertThat(texts(schemas.get("AttributionModel").get("enum")))
                .containsExactlyElementsOf(Stream.of(dev.outpost.attribution.AttributionModel.values()).map(m -> m.key()).toList());
    }

    @Test
    void isAWellFormedOpenApi31Document() {
        assertThat(doc.get("openapi").asText()).startsWith("3.1.");
        assertThat(doc.get("info").get("title").asText()).isNotBlank();
        assertThat(doc.get("info").get("version").asText()).isNotBlank();
        JsonNode components = doc.get("components");
        assertThat(components.get("securitySchemes").get("apiKey").get("scheme").asText()).isEqualTo("bearer");
        assertThat(components.get("schemas").get("Error").get("required").toString()).isEqualTo("[\"error\"]");

        Set<String> operationIds = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext(); ) {
            var path = it.next();
            assertThat(path.getKey()).startsWith("/");
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                var op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    assertThat(op.getKey()).as(path.getKey()).isIn("parameters", "summary", "description");
                    continue;
                }
                String where = op.getKey() + " " + path.getKey();
                JsonNode o = op.getValue();
                assertThat(operationIds.add(o.get("operationId").asText())).as("operationId of " + where + " is unique").isTrue();
                assertThat(o.get("responses").size()).as(where + " has responses").isPositive();
                for (Iterator<Map.Entry<String, JsonNode>> rs = o.get("responses").fields(); rs.hasNext(); ) {
                    var r = rs.next();
                    assertThat(r.getKey()).as(where).matches("[1-5][0-9][0-9]|default");
                    assertThat(r.getValue().has("description") || r.getValue().has("$ref")).as(where + " " + r.getKey()).isTrue();
                }
                // Every {param} of the path is declared, on the path or the operation.
                Set<String> declared = new HashSet<>();
                for (JsonNode list : new JsonNode[] {path.getValue().get("parameters"), o.get("parameters")}) {
                    if (list == null) continue;
                    for (JsonNode p : list) {
                        JsonNode resolved = resolve(p);
                        if (resolved.get("in").asText().equals("path")) declared.add(resolved.get("name").asText());
                    }
                }
                Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
                while (m.find()) assertThat(declared).as(where).contains(m.group(1));
                if (path.getKey().startsWith("/api/v1/")) {
                    assertThat(o.get("security")).as(where + " needs a key").isNotNull();
                    assertThat(o.get("x-outpost-scope").asText()).as(where).isIn("read", "conversions", "admin");
                    boolean read = op.getKey().equals("get") || path.getKey().equals("/api/v1/query");
                    boolean conversions = op.getKey().equals("post") && path.getKey().startsWith("/api/v1/conversions");
                    assertThat(o.get("x-outpost-scope").asText()).as(where)
                            .isEqualTo(read ? "read" : conversions ? "conversions" : "admin");
                    assertThat(o.get("responses").has("401")).as(where).isTrue();
                }
            }
        }
        // Every $ref points at something that exists.
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) assertThat(resolve(ref)).as(ref).isNotNull();
    }

    @Test
    void errorsOfTheApiHaveTheDocumentedShape() {
        var r = outpost.send("POST", "/api/v1/query", "{}", Map.of("Authorization", "Bearer " + TestOutpost.ADMIN_KEY));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().fieldNames()).toIterable().containsExactly("error");
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            if (n.has("$ref")) out.add(n.get("$ref").asText());
            n.forEach(child -> collectRefs(child, out));
        } else if (n.isArray()) {
            n.forEach(child -> collectRefs(child, out));
        }
    }

    static JsonNode resolve(JsonNode maybeRef) {
        return maybeRef.has("$ref") ? resolve(maybeRef.get("$ref").asText()) : maybeRef;
    }

    static JsonNode resolve(String ref) {
        assertThat(ref).startsWith("#/");
        JsonNode n = doc;
        for (String part : ref.substring(2).split("/")) {
            n = n.get(part.replace("~1", "/").replace("~0", "~"));
            if (n == null) return null;
        }
        return n;
    }
}
