package dev.chatsocket.api.web;

import dev.chatsocket.api.ApiKeys;
import dev.chatsocket.api.ApiProblem;
import dev.chatsocket.api.ApiRoute;
import dev.chatsocket.api.ApiSettings;
import dev.chatsocket.api.PageQuery;
import dev.chatsocket.chat.moderation.MessageChanges;
import dev.chatsocket.chat.moderation.ModerationRequest;
import dev.chatsocket.chat.protocol.ChatError;
import dev.chatsocket.chat.protocol.ChatProtocol;
import dev.chatsocket.chat.protocol.ClientCommand;
import dev.chatsocket.chat.protocol.JsonFrames;
import dev.chatsocket.chat.room.Listed;
import dev.chatsocket.chat.room.Moderator;
import dev.chatsocket.chat.room.OlderPage;
import dev.chatsocket.chat.room.PostOutcome;
import dev.chatsocket.chat.web.RoomRegistry;
import dev.chatsocket.config.ApplicationConfig;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API for the site's backend, {@code /api/v1/*} (docs/api.md). In order: the API is off
 * (404 for every path) until keys are configured; the key ({@code Authorization: Bearer}, 401);
 * the key's rate (429); the route (404, 405, 400 for a malformed room or id); the body (415, 413,
 * 400); then the room. Posts and reads run on the rooms' worker, in order with the chat's, and
 * the request waits for them, at most {@link #STORE_TIMEOUT_SECONDS} seconds (then a 503; see
 * {@link #later} for why not asynchronously). Every refusal is a JSON {@code {"error","reason"}}; a
 * client's mistake is never logged above DEBUG, nor answered with a stack trace.
 */
@WebServlet(name = "api", urlPatterns = "/api/v1/*", loadOnStartup = 1)
public class ApiServlet extends HttpServlet {
    private static final System.Logger LOG = System.getLogger(ApiServlet.class.getName());
    private static final JsonBuilderFactory JSON = JsonProvider.provider().createBuilderFactory(Map.of());
    /** Longer than the store's own timeouts (Redis 2 s by default), so that those answer first. */
    static final long STORE_TIMEOUT_SECONDS = 30;

    @Inject
    RoomRegistry rooms;

    private final JsonFrames frames = new JsonFrames();
    private ApiSettings settings;
    private ChatProtocol protocol;
    private KeyRates rates;

    @Override
    public void init() {
        // Read here, not from the registry: CDI's beans are not to be created while servlets start.
        ApplicationConfig config = ApplicationConfig.of(getServletContext());
        settings = config.api();
        protocol = new ChatProtocol(config.chat().maxTextLength());
        rates = new KeyRates(settings.requestsPerSecond(), settings.burst(), System::nanoTime);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            handle(request, response);
        } catch (ApiProblem problem) {
            answer(response, problem);
        } catch (RuntimeException e) {
            // The server's own failure, never a client's mistake: logged with its cause, answered
            // in JSON like every refusal rather than with the container's error page.
            LOG.log(Level.WARNING, "an API request to " + request.getRequestURI() + " failed", e);
            if (!response.isCommitted()) {
                response.resetBuffer();
                answer(response, new ApiProblem(500, "the server failed to answer; its log says why"));
            }
        }
    }

    private void handle(HttpServletRequest request, HttpServletResponse response) throws ApiProblem, IOException {
        if (settings.keys().isEmpty()) {
            // Off: nothing here says that an API exists, let alone which paths it has.
            throw new ApiProblem(404, "no such endpoint");
        }
        String key = settings.keys().authenticate(request.getHeader("Authorization")).orElseThrow(() -> {
            // RFC 6750 §3: a challenge with every 401.
            response.setHeader("WWW-Authenticate", "Bearer realm=\"chatsocket\"");
            return new ApiProblem(401, "a valid API key is required: Authorization: Bearer <key>");
        });
        if (!rates.take(key)) {
            response.setHeader("Retry-After", "1");
            throw new ApiProblem(429, "over this key's rate of " + settings.requestsPerSecond() + " requests a second");
        }
        ApiRoute route;
        try {
            route = ApiRoute.of(request.getMethod(), request.getPathInfo());
        } catch (ApiRoute.NoRoute noRoute) {
            if (noRoute.status() == 405) {
                response.setHeader("Allow", String.join(", ", noRoute.allowed().stream().sorted().toList()));
            }
            throw new ApiProblem(noRoute.status(), noRoute.getMessage());
        }
        String uid = ApiKeys.authorUid(key);
        switch (route.endpoint()) {
            case POST_MESSAGE -> post(request, response, route.room(), uid, key);
            case LIST_MESSAGES -> page(request, response, route.room());
            case LIST_MEMBERS -> members(request, response, route.room());
            case DELETE_MESSAGE -> delete(request, response, route.room(), uid, route.messageId());
            case KICK, BAN, UNBAN, MUTE, UNMUTE -> moderate(request, response, route, uid);
        }
    }

    /**
     * {@code DELETE …/messages/{id}}: deletes with a moderator's power (an API key is an admin), as
     * {@code bot:<name>}; 200 with the delete event's id, 404 when there is no such message or it
     * was deleted already (the log does not tell the two apart: both are {@code not-found}).
     */
    private void delete(HttpServletRequest request, HttpServletResponse response, String room, String uid, long target)
            throws ApiProblem, IOException {
        later(request, response, rooms.delete(room, uid, target, null), result -> {
            if (result instanceof PostOutcome.Refused refused) {
                if (refused.verdict() == MessageChanges.Verdict.NOT_FOUND) {
                    throw new ApiProblem(404, "no message " + target + " in room " + room + ", or it was deleted already");
                }
                throw new ApiProblem(403, "the message may not be deleted: " + refused.verdict().errorCode());
            }
            return new Answer(200, JSON.createObjectBuilder().add("id", idOf(result)).add("target", target).build());
        });
    }

    /**
     * {@code POST …/kick}, {@code /ban}, {@code /unban}, {@code /mute}, {@code /unmute}: as a
     * moderator would from the page, with an admin's power under {@code bot:<name>}; works in a
     * room nobody is in (a ban ahead of time). 200 with what was done.
     */
    private void moderate(HttpServletRequest request, HttpServletResponse response, ApiRoute route, String uid)
            throws ApiProblem, IOException {
        ModerationRequest.Action action = switch (route.endpoint()) {
            case KICK -> ModerationRequest.Action.KICK;
            case BAN -> ModerationRequest.Action.BAN;
            case UNBAN -> ModerationRequest.Action.UNBAN;
            case MUTE -> ModerationRequest.Action.MUTE;
            default -> ModerationRequest.Action.UNMUTE;
        };
        ModerationRequest asked = ((ClientCommand.Moderate) parse(action.wire(),
                RequestBody.read(request, settings.maxBodyBytes()))).request();
        later(request, response, rooms.moderate(route.room(), Moderator.apiKey(uid), asked), outcome -> {
            int status = switch (outcome) {
                case DONE -> 200;
                case FORBIDDEN -> 403;
                case NOT_FOUND -> 404;
                case TOO_MANY -> 409;
                case UNAVAILABLE -> 503;
            };
            if (status != 200) {
                throw new ApiProblem(status, outcome.reason(action));
            }
            JsonObjectBuilder done = JSON.createObjectBuilder().add("action", action.wire()).add("uid", asked.uid());
            if (action.isTimed()) {
                done.add("duration", asked.durationSeconds());
            }
            return new Answer(200, done.build());
        });
    }

    /** {@code POST …/messages}: 201 with the new id, or 200 with the first id for a ref posted already. */
    private void post(HttpServletRequest request, HttpServletResponse response, String room, String uid, String key)
            throws ApiProblem, IOException {
        ClientCommand.Post post = (ClientCommand.Post) parse("message", RequestBody.read(request, settings.maxBodyBytes()));
        CompletionStage<PostOutcome> outcome = rooms.publish(room, uid, key, post.text(), post.ref())
                .orElseThrow(ApiServlet::tooManyRooms);
        later(request, response, outcome, result -> {
            JsonObject body = JSON.createObjectBuilder().add("id", idOf(result)).add("room", room).build();
            if (result instanceof PostOutcome.Stored stored) {
                response.setHeader("Location", request.getContextPath() + "/api/v1/rooms/" + room + "/messages/" + stored.id());
                return new Answer(201, body);
            }
            return new Answer(200, body);
        });
    }

    private static long idOf(PostOutcome outcome) throws ApiProblem {
        if (outcome instanceof PostOutcome.Stored stored) {
            return stored.id();
        } else if (outcome instanceof PostOutcome.Duplicate duplicate) {
            return duplicate.id();
        }
        if (outcome instanceof PostOutcome.Refused refused) {
            throw new ApiProblem(403, "refused: " + refused.verdict().errorCode());
        }
        // EpochLost: the room's history was replaced under this node; nothing was stored.
        throw new ApiProblem(503, "the room's history was lost meanwhile; nothing was stored, send it again");
    }

    /** {@code GET …/messages?before=N&limit=L}: a page, newest last, and whether there is more. */
    private void page(HttpServletRequest request, HttpServletResponse response, String room) throws ApiProblem, IOException {
        PageQuery query = PageQuery.of(request.getParameter("before"), request.getParameter("limit"));
        requireExisting(room);
        CompletionStage<OlderPage> page = rooms.page(room, query.before(), query.limit()).orElseThrow(ApiServlet::tooManyRooms);
        later(request, response, page, result -> {
            JsonArrayBuilder messages = JSON.createArrayBuilder();
            result.messages().forEach(m -> messages.add(frames.messageObject(m)));
            return new Answer(200, JSON.createObjectBuilder().add("room", room).add("messages", messages)
                    .add("more", result.more()).build());
        });
    }

    /** {@code GET …/members}: the people listed in the room, on every node, once each. */
    private void members(HttpServletRequest request, HttpServletResponse response, String room)
            throws ApiProblem, IOException {
        requireExisting(room);
        CompletionStage<List<Listed>> listed = rooms.listed(room).orElseThrow(ApiServlet::tooManyRooms);
        later(request, response, listed, result -> {
            JsonArrayBuilder members = JSON.createArrayBuilder();
            for (Listed person : result) {
                members.add(JSON.createObjectBuilder().add("uid", person.uid()).add("nick", person.nick())
                        .add("verified", person.verified()));
            }
            return new Answer(200, JSON.createObjectBuilder().add("room", room).add("members", members).build());
        });
    }

    private void requireExisting(String room) throws ApiProblem {
        if (!rooms.exists(room)) {
            throw new ApiProblem(404, "no room " + room + " here: nobody has joined it and nothing was posted to it");
        }
    }

    private ClientCommand parse(String type, String body) throws ApiProblem {
        try {
            return protocol.parseAs(type, body);
        } catch (ChatError e) {
            throw new ApiProblem(400, e.getMessage());
        }
    }

    private static ApiProblem tooManyRooms() {
        return new ApiProblem(503, "too many rooms are open on this node; try again later");
    }

    /** A status and a JSON body to send. */
    private record Answer(int status, JsonObject body) {
    }

    /** Maps what the store answered to the response; may refuse with an {@link ApiProblem}. */
    @FunctionalInterface
    private interface Answering<T> {
        Answer apply(T result) throws ApiProblem;
    }

    /**
     * Answers once {@code pending} completes: with what {@code answering} makes of it, or a 503
     * when the store failed or took longer than {@value #STORE_TIMEOUT_SECONDS} seconds. The
     * request's thread waits for it, bounded: an asynchronous servlet request ends on another
     * thread than it began, and Weld (on Tomcat and stock Jetty) then leaves its request-context
     * ThreadLocals on the container's threads, which pins the application's class loader after an
     * undeploy (the stock redeploy test caught it). The store answers in milliseconds; the work
     * itself runs on the rooms' worker, as the chat's does.
     */
    private <T> void later(HttpServletRequest request, HttpServletResponse response, CompletionStage<T> pending,
                           Answering<T> answering) throws ApiProblem, IOException {
        T result;
        try {
            result = pending.toCompletableFuture().get(STORE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ApiProblem(503, "the message store did not answer in time; try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(503, "the server is stopping; try again");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            LOG.log(Level.WARNING, "an API request to {0} failed: {1}", request.getRequestURI(), String.valueOf(cause));
            throw new ApiProblem(503, "the message store cannot be reached; nothing was done, "
                    + "send it again (a ref makes that safe)");
        }
        Answer made = answering.apply(result);
        write(response, made.status(), made.body());
    }

    private static void answer(HttpServletResponse response, ApiProblem problem) throws IOException {
        LOG.log(Level.DEBUG, "API request refused with {0}: {1}", problem.status(), problem.reason());
        write(response, problem.status(), JSON.createObjectBuilder()
                .add("error", problem.error()).add("reason", problem.reason()).build());
    }

    private static void write(HttpServletResponse response, int status, JsonObject body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        byte[] bytes = (body.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
