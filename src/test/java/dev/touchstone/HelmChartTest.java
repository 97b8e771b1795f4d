package dev.touchstone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Lints the Helm chart in {@code helm/touchstone} and checks the manifests it renders, using the Helm library
 * bundled with helm-java (no helm binary or cluster needed).
 */
class HelmChartTest {

    private static final Path CHART = Path.of("helm", "touchstone");

    /** helm-java's embedded Helm defaults to Kubernetes v1.20, below the chart's kubeVersion constraint. */
    private static final String KUBE_VERSION = "1.33.0";

    private static final String RELEASE = "ts";

    private static final String FULLNAME = "ts-touchstone";

    private static final String DB_URL = "jdbc:postgresql://db.example.internal:5432/touchstone?sslmode=require";

    /** A production-like values file: external database and S3 credentials from existing Secrets, ingress with TLS. */
    private static final String PRODUCTION_VALUES = """
            database:
              url: "%s"
              existingSecret: touchstone-db
              usernameKey: db-user
              passwordKey: db-pass
            storage:
              type: s3
              s3:
                endpoint: https://s3.eu-central-1.amazonaws.com
                region: eu-central-1
                bucket: touchstone-files
                pathStyle: true
                existingSecret: touchstone-s3
                accessKeyKey: s3-id
                secretKeyKey: s3-secret
            app:
              trustedProxies: [10.42.0.0/16, "fd00:42::/56"]
            ingress:
              enabled: true
              hosts:
                - host: touchstone.example.com
                  paths:
                    - path: /
                      pathType: Prefix
              tls:
                - secretName: touchstone-tls
                  hosts:
                    - touchstone.example.com
            """.formatted(DB_URL);

    @TempDir
    Path tempDir;

    @Test
    void strictLintPasses() {
        LintResult result = new Helm(CHART).lint().strict().call();

        assertFalse(result.isFailed(), () -> "helm lint --strict failed: " + result.getMessages());
        List<String> problems = result.getMessages().stream()
                .filter(message -> message.contains("[WARNING]") || message.contains("[ERROR]"))
                .toList();
        assertEquals(List.of(), problems);
    }

    @Test
    void deploymentRunsTwoReplicasWithActuatorProbes() throws IOException {
        Map<String, Object> deployment = single(renderProduction(), "Deployment");

        assertEquals(FULLNAME, string(deployment, "metadata", "name"));
        assertEquals(2, map(deployment, "spec").get("replicas"));
        assertEquals(45, map(deployment, "spec", "template", "spec").get("terminationGracePeriodSeconds"));

        Map<String, Object> container = container(deployment);
        assertEquals("touchstone:0.1.0", container.get("image"));
        Map<String, Object> httpPort = maps(container.get("ports")).getFirst();
        assertEquals("http", httpPort.get("name"));
        assertEquals(8080, httpPort.get("containerPort"));

        assertHttpProbe(container, "startupProbe", "/actuator/health/liveness");
        assertHttpProbe(container, "livenessProbe", "/actuator/health/liveness");
        assertHttpProbe(container, "readinessProbe", "/actuator/health/readiness");
    }

    @Test
    void environmentComesFromValuesAndExistingSecrets() throws IOException {
        List<Map<String, Object>> manifests = renderProduction();
        Map<String, Map<String, Object>> env = env(container(single(manifests, "Deployment")));

        assertEquals(DB_URL, env.get("TOUCHSTONE_DB_URL").get("value"));
        assertSecretRef(env, "TOUCHSTONE_DB_USER", "touchstone-db", "db-user");
        assertSecretRef(env, "TOUCHSTONE_DB_PASSWORD", "touchstone-db", "db-pass");

        assertEquals("s3", env.get("TOUCHSTONE_STORAGE_TYPE").get("value"));
        assertEquals("https://s3.eu-central-1.amazonaws.com", env.get("TOUCHSTONE_S3_ENDPOINT").get("value"));
        assertEquals("eu-central-1", env.get("TOUCHSTONE_S3_REGION").get("value"));
        assertEquals("touchstone-files", env.get("TOUCHSTONE_S3_BUCKET").get("value"));
        assertEquals("true", env.get("TOUCHSTONE_S3_PATH_STYLE").get("value"));
        assertSecretRef(env, "TOUCHSTONE_S3_ACCESS_KEY", "touchstone-s3", "s3-id");
        assertSecretRef(env, "TOUCHSTONE_S3_SECRET_KEY", "touchstone-s3", "s3-secret");

        assertEquals("8080", env.get("SERVER_PORT").get("value"));
        assertEquals("/data", env.get("TOUCHSTONE_DATA_DIR").get("value"));
        assertEquals("false", env.get("TOUCHSTONE_DEMO").get("value"));
        assertEquals("ecs", env.get("TOUCHSTONE_LOG_FORMAT").get("value"));
        assertTrue(string(env.get("JAVA_TOOL_OPTIONS"), "value").contains("-XX:MaxRAMPercentage="));
        assertEquals("10.42.0.0/16,fd00:42::/56", env.get("TOUCHSTONE_TRUSTED_PROXIES").get("value"));

        // Credentials come from the existing Secrets only: the chart renders no Secret of its own.
        assertEquals(List.of(), ofKind(manifests, "Secret"));
    }

    @Test
    void podIsHardened() throws IOException {
        Map<String, Object> deployment = single(renderProduction(), "Deployment");
        Map<String, Object> podSpec = map(deployment, "spec", "template", "spec");

        assertEquals(false, podSpec.get("automountServiceAccountToken"));
        Map<String, Object> podSecurity = map(podSpec, "securityContext");
        assertEquals(true, podSecurity.get("runAsNonRoot"));
        assertEquals(10001, podSecurity.get("runAsUser"));
        assertEquals(10001, podSecurity.get("fsGroup"));
        assertEquals("RuntimeDefault", string(podSecurity, "seccompProfile", "type"));

        Map<String, Object> container = container(deployment);
        Map<String, Object> security = map(container, "securityContext");
        assertEquals(true, security.get("runAsNonRoot"));
        assertEquals(true, security.get("readOnlyRootFilesystem"));
        assertEquals(false, security.get("allowPrivilegeEscalation"));
        assertEquals(List.of("ALL"), map(security, "capabilities").get("drop"));

        // The read-only root filesystem needs writable emptyDirs for /tmp and /data.
        Map<String, String> mounts = maps(container.get("volumeMounts")).stream()
                .collect(Collectors.toMap(m -> (String) m.get("mountPath"), m -> (String) m.get("name")));
        assertEquals("tmp", mounts.get("/tmp"));
        assertEquals("data", mounts.get("/data"));
        Set<String> emptyDirs = maps(podSpec.get("volumes")).stream()
                .filter(volume -> volume.containsKey("emptyDir"))
                .map(volume -> (String) volume.get("name"))
                .collect(Collectors.toSet());
        assertEquals(Set.of("tmp", "data"), emptyDirs);

        Map<String, Object> resources = map(container, "resources");
        assertEquals("1Gi", string(resources, "limits", "memory"));
        assertNotNull(map(resources, "requests").get("memory"));
        assertNotNull(map(resources, "requests").get("cpu"));

        Map<String, Object> serviceAccount = single(renderProduction(), "ServiceAccount");
        assertEquals(false, serviceAccount.get("automountServiceAccountToken"));
    }

    @Test
    void ingressHasStickySessionsHostAndTls() throws IOException {
        Map<String, Object> ingress = single(renderProduction(), "Ingress");

        Map<String, Object> annotations = map(ingress, "metadata", "annotations");
        assertEquals("cookie", annotations.get("nginx.ingress.kubernetes.io/affinity"));
        assertEquals("persistent", annotations.get("nginx.ingress.kubernetes.io/affinity-mode"));
        assertEquals("TOUCHSTONE_ROUTE", annotations.get("nginx.ingress.kubernetes.io/session-cookie-name"));
        assertNotNull(annotations.get("nginx.ingress.kubernetes.io/session-cookie-max-age"));

        Map<String, Object> spec = map(ingress, "spec");
        assertEquals("nginx", spec.get("ingressClassName"));
        Map<String, Object> tls = maps(spec.get("tls")).getFirst();
        assertEquals("touchstone-tls", tls.get("secretName"));
        assertEquals(List.of("touchstone.example.com"), tls.get("hosts"));

        Map<String, Object> rule = maps(spec.get("rules")).getFirst();
        assertEquals("touchstone.example.com", rule.get("host"));
        Map<String, Object> path = maps(map(rule, "http").get("paths")).getFirst();
        assertEquals("/", path.get("path"));
        assertEquals(FULLNAME, string(path, "backend", "service", "name"));
        assertEquals("http", string(path, "backend", "service", "port", "name"));
    }

    @Test
    void serviceExposesHttpPortWithClientIpAffinity() throws IOException {
        Map<String, Object> service = single(renderProduction(), "Service");

        assertEquals(FULLNAME, string(service, "metadata", "name"));
        Map<String, Object> port = maps(map(service, "spec").get("ports")).getFirst();
        assertEquals(80, port.get("port"));
        assertEquals("http", port.get("targetPort"));
        assertEquals("http", port.get("name"));
        assertEquals("ClientIP", map(service, "spec").get("sessionAffinity"));
        assertEquals(Map.of("app.kubernetes.io/name", "touchstone", "app.kubernetes.io/instance", RELEASE),
                map(service, "spec", "selector"));
    }

    @Test
    void ingressAnnotationsCanBeOverriddenOrReplaced() throws IOException {
        Path overrides = write("overrides.yaml", """
                ingress:
                  annotations:
                    nginx.ingress.kubernetes.io/session-cookie-name: MY_ROUTE
                    nginx.ingress.kubernetes.io/proxy-body-size: 50m
                """);
        Map<String, Object> annotations = map(single(parse(production().withValuesFile(overrides).call()), "Ingress"),
                "metadata", "annotations");
        assertEquals("MY_ROUTE", annotations.get("nginx.ingress.kubernetes.io/session-cookie-name"));
        assertEquals("50m", annotations.get("nginx.ingress.kubernetes.io/proxy-body-size"));
        assertEquals("cookie", annotations.get("nginx.ingress.kubernetes.io/affinity"));

        Map<String, Object> withoutSticky = single(
                parse(production().set("ingress.stickySessions.enabled", false).call()), "Ingress");
        assertNull(map(withoutSticky, "metadata").get("annotations"));
    }

    @Test
    void serviceAffinityCanBeTurnedOff() throws IOException {
        Map<String, Object> service = single(
                parse(production().set("service.sessionAffinity", "None").call()), "Service");
        assertEquals("None", map(service, "spec").get("sessionAffinity"));
        assertNull(map(service, "spec").get("sessionAffinityConfig"));
    }

    @Test
    void renderingWithoutDatabaseUrlFailsNamingTheValue() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> template()
                .set("database.existingSecret", "touchstone-db")
                .call());
        assertTrue(error.getMessage().contains("database.url is required"), error::getMessage);
    }

    @Test
    void renderingWithoutDatabaseCredentialsFails() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> template()
                .set("database.url", DB_URL)
                .call());
        assertTrue(error.getMessage().contains("database.existingSecret"), error::getMessage);
    }

    @Test
    void renderingS3StorageWithoutBucketFails() {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> minimal()
                .set("storage.type", "s3")
                .set("storage.s3.existingSecret", "touchstone-s3")
                .call());
        assertTrue(error.getMessage().contains("storage.s3.bucket"), error::getMessage);
    }

    @Test
    void forwardedHeadersAreTrustedFromNobodyUnlessProxiesAreNamed() {
        Map<String, Map<String, Object>> env = env(container(single(parse(minimal().call()), "Deployment")));
        assertEquals("", env.get("TOUCHSTONE_TRUSTED_PROXIES").get("value"));

        Map<String, Map<String, Object>> one = env(container(single(
                parse(minimal().set("app.trustedProxies", "10.244.0.0/16").call()), "Deployment")));
        assertEquals("10.244.0.0/16", one.get("TOUCHSTONE_TRUSTED_PROXIES").get("value"));
    }

    @Test
    void ingressIsNotRenderedWhenDisabled() {
        List<Map<String, Object>> manifests = parse(minimal().set("ingress.enabled", false).call());

        assertEquals(List.of(), ofKind(manifests, "Ingress"));
        assertEquals(1, ofKind(manifests, "Deployment").size());
        assertEquals(1, ofKind(manifests, "Service").size());
    }

    @Test
    void inlineCredentialsAreRenderedIntoAChecksummedSecret() {
        List<Map<String, Object>> manifests = parse(template()
                .set("database.url", DB_URL)
                .set("database.username", "touchstone")
                .set("database.password", "s3cr3t")
                .call());

        Map<String, Object> secret = single(manifests, "Secret");
        assertEquals(FULLNAME, string(secret, "metadata", "name"));
        assertEquals("touchstone", decode(map(secret, "data").get("db-username")));
        assertEquals("s3cr3t", decode(map(secret, "data").get("db-password")));

        Map<String, Object> deployment = single(manifests, "Deployment");
        Map<String, Map<String, Object>> env = env(container(deployment));
        assertSecretRef(env, "TOUCHSTONE_DB_USER", FULLNAME, "db-username");
        assertSecretRef(env, "TOUCHSTONE_DB_PASSWORD", FULLNAME, "db-password");
        assertFalse(env.toString().contains("s3cr3t"), "password must not appear in the pod spec");
        assertEquals("filesystem", env.get("TOUCHSTONE_STORAGE_TYPE").get("value"));
        assertNull(env.get("TOUCHSTONE_S3_BUCKET"));

        String checksum = string(deployment, "spec", "template", "metadata", "annotations", "checksum/secret");
        assertTrue(checksum.matches("[0-9a-f]{64}"), checksum);
        String otherChecksum = string(single(parse(template()
                .set("database.url", DB_URL)
                .set("database.username", "touchstone")
                .set("database.password", "changed")
                .call()), "Deployment"), "spec", "template", "metadata", "annotations", "checksum/secret");
        assertNotEquals(checksum, otherChecksum);
    }

    @Test
    void podDisruptionBudgetOnlyWithMoreThanOneReplica() {
        Map<String, Object> pdb = single(parse(minimal().call()), "PodDisruptionBudget");
        assertEquals(1, map(pdb, "spec").get("minAvailable"));
        assertEquals(Map.of("app.kubernetes.io/name", "touchstone", "app.kubernetes.io/instance", RELEASE),
                map(pdb, "spec", "selector", "matchLabels"));

        assertEquals(List.of(), ofKind(parse(minimal().set("replicaCount", 1).call()), "PodDisruptionBudget"));
    }

    @Test
    void autoscalingReplacesTheFixedReplicaCount() {
        List<Map<String, Object>> manifests = parse(minimal()
                .set("autoscaling.enabled", true)
                .set("autoscaling.minReplicas", 3)
                .set("autoscaling.maxReplicas", 5)
                .call());

        Map<String, Object> hpa = single(manifests, "HorizontalPodAutoscaler");
        assertEquals(3, map(hpa, "spec").get("minReplicas"));
        assertEquals(5, map(hpa, "spec").get("maxReplicas"));
        assertEquals(FULLNAME, string(hpa, "spec", "scaleTargetRef", "name"));
        assertFalse(map(single(manifests, "Deployment"), "spec").containsKey("replicas"));

        assertEquals(List.of(), ofKind(parse(minimal().call()), "HorizontalPodAutoscaler"));
    }

    // --- rendering ---------------------------------------------------------------------------------------------

    private static TemplateCommand template() {
        return new Helm(CHART).template().withName(RELEASE).withKubeVersion(KUBE_VERSION);
    }

    /** The smallest valid values: database URL and an existing credentials Secret, everything else default. */
    private static TemplateCommand minimal() {
        return template().set("database.url", DB_URL).set("database.existingSecret", "touchstone-db");
    }

    private TemplateCommand production() throws IOException {
        return template().withValuesFile(write("production.yaml", PRODUCTION_VALUES));
    }

    private List<Map<String, Object>> renderProduction() throws IOException {
        return parse(production().call());
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(tempDir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static List<Map<String, Object>> parse(String manifests) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(manifests)) {
            if (document != null) {
                documents.add(asMap(document));
            }
        }
        return documents;
    }

    // --- navigation ----------------------------------------------------------------------------------------------

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> manifests, String kind) {
        return manifests.stream().filter(manifest -> kind.equals(manifest.get("kind"))).toList();
    }

    private static Map<String, Object> single(List<Map<String, Object>> manifests, String kind) {
        List<Map<String, Object>> found = ofKind(manifests, kind);
        assertEquals(1, found.size(), () -> "expected exactly one " + kind + " in " + kinds(manifests));
        return found.getFirst();
    }

    private static List<Object> kinds(List<Map<String, Object>> manifests) {
        return manifests.stream().map(manifest -> manifest.get("kind")).toList();
    }

    private static Map<String, Object> container(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = maps(map(deployment, "spec", "template", "spec").get("containers"));
        assertEquals(1, containers.size());
        return containers.getFirst();
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        return maps(container.get("env")).stream()
                .collect(Collectors.toMap(variable -> (String) variable.get("name"), variable -> variable));
    }

    private static void assertHttpProbe(Map<String, Object> container, String probe, String path) {
        Map<String, Object> httpGet = map(container, probe, "httpGet");
        assertEquals(path, httpGet.get("path"), probe);
        assertEquals("http", httpGet.get("port"), probe);
    }

    private static void assertSecretRef(Map<String, Map<String, Object>> env, String variable, String secret,
            String key) {
        Map<String, Object> definition = env.get(variable);
        assertNotNull(definition, () -> variable + " missing from " + env.keySet());
        assertNull(definition.get("value"), () -> variable + " must not have a literal value");
        Map<String, Object> ref = map(definition, "valueFrom", "secretKeyRef");
        assertEquals(secret, ref.get("name"), variable);
        assertEquals(key, ref.get("key"), variable);
    }

    private static String decode(Object base64) {
        return new String(Base64.getDecoder().decode((String) base64), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            Map<String, Object> parent = asMap(current);
            assertTrue(parent.containsKey(key), () -> "missing '" + key + "' in " + parent.keySet());
            current = parent.get(key);
        }
        return asMap(current);
    }

    private static String string(Map<String, Object> root, String... path) {
        Map<String, Object> parent = map(root, Arrays.copyOf(path, path.length - 1));
        Object value = parent.get(path[path.length - 1]);
        assertNotNull(value, () -> "missing '" + String.join(".", path) + "'");
        return value.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertTrue(value instanceof Map, () -> "expected a mapping but got " + value);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        assertTrue(value instanceof List, () -> "expected a list but got " + value);
        ((List<Object>) value).forEach(HelmChartTest::asMap);
        return (List<Map<String, Object>>) value;
    }
}
