package dev.chatsocket.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client of the HTTP API (docs/api.md) for the container tests: the JDK's HTTP client, one
 * {@code Authorization} header (or none), and the answer's JSON read back.
 */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    /** The whole {@code Authorization} header, or {@code null} for none. */
    private final String authorization;

    private ApiClient(URI base, String authorization) {
        this.base = base;
        this.authorization = authorization;
    }

    static ApiClient withKey(URI base, String key) {
        return new ApiClient(base, "Bearer " + key);
    }

    static ApiClient withAuthorization(URI base, String authorization) {
        return new ApiClient(base, authorization);
    }

    /** An answer: status, headers and the JSON body (an empty object when there is none). */
    record Answer(int status, HttpResponse<String> response, JsonNode json) {
        String error() {
            return json.path("error").asText();
        }

        String reason() {
            return json.path("reason").asText();
        }

        /** A refusal with this status and error word, and a reason that says something. */
        Answer refused(int expectedStatus, String expectedError) {
            assertEquals(expectedStatus, status, response.body());
            assertEquals(expectedError, error(), response.body());
            assertTrue(reason().length() > 5, "a refusal says why: " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            return this;
        }
    }

    Answer send(String method, String path, String contentType, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        JsonNode json = text == null || text.isBlank() ? ChatClient.JSON.createObjectNode() : ChatClient.JSON.readTree(text);
        return new Answer(response.statusCode(), response, json);
    }

    Answer postJson(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, "application/json", body);
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null);
    }

    /** {@code POST api/v1/rooms/{room}/messages} with {@code text} and {@code ref} (none when null). */
    Answer post(String room, String text, String ref) throws IOException, InterruptedException {
        ObjectNode body = ChatClient.JSON.createObjectNode().put("text", text);
        if (ref != null) {
            body.put("ref", ref);
        }
        return postJson("api/v1/rooms/" + room + "/messages", body.toString());
    }

    /** Posts and expects 201 with an id; returns the id. */
    long posted(String room, String text, String ref) throws IOException, InterruptedException {
        Answer answer = post(room, text, ref);
        assertEquals(201, answer.status(), answer.response().body());
        return answer.json().get("id").asLong();
    }
}
