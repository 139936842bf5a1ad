package io.tapdesk.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.tapdesk.support.StackTest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.session.web.http.CookieSerializer;

/**
 * The session cookie of the running app (Spring Session's serializer as Boot configures it for the embedded server) is
 * Secure when the request is https, and HttpOnly and SameSite always. The tests run as the demo does
 * ({@code tapdesk.secure-cookies=false}); with the default (true) it is Secure on every request. The language and
 * time-zone cookies: {@code RouteAccessMatrixTest}.
 */
class SecureCookiesTest extends StackTest {

    @Autowired
    CookieSerializer sessionCookies;

    @ParameterizedTest(name = "https {0}")
    @ValueSource(booleans = {true, false})
    void theSessionCookieIsSecureWhenTheRequestIsHttps(boolean https) {
        var request = new MockHttpServletRequest();
        request.setSecure(https);
        var response = mock(HttpServletResponse.class);

        sessionCookies.writeCookieValue(new CookieSerializer.CookieValue(request, response, "session-id"));

        var written = ArgumentCaptor.forClass(String.class);
        verify(response).addHeader(eq("Set-Cookie"), written.capture());
        assertThat(written.getValue()).startsWith("SESSION=").contains("; HttpOnly").contains("; SameSite=Lax");
        assertThat(written.getValue().contains("; Secure")).as(written.getValue()).isEqualTo(https);
    }

    @org.junit.jupiter.api.Test
    void overPlainHttpTheDemosSignInCookiesWorkAndAreNotSecure() throws Exception {
        var anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(
                HttpRequest.newBuilder(URI.create(STACK.appUrl() + "/")).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        // an anonymous visitor gets no session (issue 15): only the sealed page-to-come-back-to cookie
        assertThat(anonymous.headers().allValues("Set-Cookie")).noneSatisfy(c -> assertThat(c).startsWith("SESSION="))
                .anySatisfy(c -> assertThat(c).startsWith("tapdesk_return=").contains("HttpOnly").doesNotContain("Secure"));

        var web = session();
        assertThat(web.signIn(tapdesk.demo.DemoOperators.HELPDESK).statusCode()).isEqualTo(200);
        var setCookies = web.responses().stream().filter(r -> r.uri().toString().startsWith(STACK.appUrl()))
                .flatMap(r -> r.headers().allValues("Set-Cookie").stream()).toList();
        assertThat(setCookies).anySatisfy(c -> assertThat(c).startsWith("SESSION=").contains("HttpOnly").doesNotContain("Secure"));
        assertThat(setCookies).filteredOn(c -> c.startsWith("tapdesk_"))
                .isNotEmpty().allSatisfy(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Lax").doesNotContain("Secure"));
    }
}
