package dev.touchstone.sso;

import dev.touchstone.common.NetworkAddresses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.endpoint.OAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every call the server makes to an identity provider (docs/security.md, "Single sign-on"): discovery, the token
 * exchange, user info and the signing keys (JWKS), each with a connect and an answer timeout of
 * {@code touchstone.sso.timeout}, without following redirects, and only to hosts that pass the same address check as
 * webhooks and the ML backend ({@link NetworkAddresses}; {@code touchstone.sso.allowed-hosts} and
 * {@code touchstone.sso.allow-private-networks} are the operator's ways out). Discovery checks the issuer URL and
 * the endpoints the document names, so a provider cannot send the server's later calls into its own network either.
 * <p>
 * Also the OAuth2 client's {@link JwtDecoderFactory} (the login configuration takes it from the context): it builds
 * the same ID token decoder as Spring's {@link OidcIdTokenDecoderFactory} (RS256, timestamps, issuer, audience), but
 * reads the JWKS with these timeouts.
 */
@Component
class SsoProviderCalls implements JwtDecoderFactory<ClientRegistration> {

    static final String ALLOWED_HOSTS = "touchstone.sso.allowed-hosts";
    static final String ALLOW_PRIVATE = "touchstone.sso.allow-private-networks";
    private static final String DISCOVERY = "/.well-known/openid-configuration";
    private static final int MAX_DOCUMENT = 1 << 20;

    private final NetworkAddresses.Guard guard;
    private final Duration timeout;
    private final JsonMapper json;
    private final HttpClient http;
    private final RestTemplate rest;
    private final RestClient restClient;
    private final Map<String, Decoder> decoders = new ConcurrentHashMap<>();

    private record Decoder(ClientRegistration registration, JwtDecoder decoder) {
    }

    SsoProviderCalls(@Value("${" + ALLOWED_HOSTS + ":}") List<String> allowedHosts,
                     @Value("${" + ALLOW_PRIVATE + ":false}") boolean allowPrivate,
                     @Value("${touchstone.sso.timeout:10s}") Duration timeout, JsonMapper json) {
        this.guard = NetworkAddresses.guard("identity provider", ALLOWED_HOSTS, allowedHosts, allowPrivate);
        this.timeout = timeout;
        this.json = json;
        // Redirects are not followed: the address check was for the URL's host, not the one a redirect names.
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(timeout);
        this.rest = new RestTemplate(requests);
        this.rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        // As Spring's token client builds its own, with the request factory that has the timeouts.
        this.restClient = RestClient.builder().requestFactory(requests)
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
    }

    Duration timeout() {
        return timeout;
    }

    /**
     * Refuses an issuer whose host resolves into the server's own network.
     *
     * @throws NetworkAddresses.RefusedAddressException naming the address and why
     */
    void checkAddress(String issuer) {
        guard.check(URI.create(issuer));
    }

    /**
     * The client registration of the provider at {@code issuer}, from its discovery document.
     *
     * @throws IllegalArgumentException saying what went wrong in words an admin can act on: a refused address, no
     *                                  answer within the timeout, an answer that is not a discovery document, or a
     *                                  document for another issuer
     */
    ClientRegistration.Builder discover(String issuer) {
        URI issuerUri = URI.create(issuer);
        guard.check(issuerUri);
        String path = issuerUri.getRawPath() == null ? "" : issuerUri.getRawPath();
        URI document = issuerUri.resolve((path.endsWith("/") ? path.substring(0, path.length() - 1) : path)
                + DISCOVERY);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(document).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new IllegalArgumentException("The identity provider did not answer within " + seconds()
                    + " at " + document + ". Check the issuer URL, or try again when the provider is up.");
        } catch (IOException e) {
            throw new IllegalArgumentException("The identity provider could not be reached at " + document + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("Interrupted while reading the identity provider's discovery document.");
        }
        if (response.statusCode() != 200) {
            throw new IllegalArgumentException("The identity provider answered HTTP " + response.statusCode()
                    + " for its discovery document at " + document + ": is the issuer URL right?");
        }
        Map<String, Object> metadata;
        try {
            byte[] body = response.body();
            metadata = json.readValue(new String(body, 0, Math.min(body.length, MAX_DOCUMENT), StandardCharsets.UTF_8),
                    new TypeReference<Map<String, Object>>() {
                    });
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The answer at " + document + " is not an OpenID discovery document.");
        }
        // OpenID Connect Discovery 1.0, section 4.3: the document's issuer is exactly the URL it was read from.
        if (!issuer.equals(metadata.get("issuer"))) {
            throw new IllegalArgumentException("The discovery document at " + document + " is for the issuer '"
                    + metadata.get("issuer") + "', not '" + issuer + "': enter the issuer exactly as the provider "
                    + "names it.");
        }
        for (String endpoint : Set.of("token_endpoint", "jwks_uri", "userinfo_endpoint")) {
            if (metadata.get(endpoint) instanceof String url) {
                guard.check(URI.create(url));
            }
        }
        try {
            return ClientRegistrations.fromOidcConfiguration(metadata);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("The discovery document at " + document + " cannot be used: "
                    + e.getMessage());
        }
    }

    /** The token exchange of the authorization code flow, with the timeouts. */
    OAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> tokenClient() {
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(restClient);
        return client;
    }

    /** The user-info call, with the timeouts. */
    DefaultOAuth2UserService userInfo() {
        DefaultOAuth2UserService service = new DefaultOAuth2UserService();
        service.setRestOperations(rest);
        return service;
    }

    @Override
    public JwtDecoder createDecoder(ClientRegistration registration) {
        // A registration is rebuilt when its settings change; the decoder (and its cached keys) goes with it.
        Decoder cached = decoders.get(registration.getRegistrationId());
        if (cached != null && cached.registration() == registration) {
            return cached.decoder();
        }
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256).restOperations(rest).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
                new OidcIdTokenValidator(registration)));
        decoder.setClaimSetConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverter());
        decoders.put(registration.getRegistrationId(), new Decoder(registration, decoder));
        return decoder;
    }

    private String seconds() {
        long ms = timeout.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }
}
