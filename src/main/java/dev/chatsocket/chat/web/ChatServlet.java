package dev.chatsocket.chat.web;

import dev.chatsocket.chat.ChatSettings;
import dev.chatsocket.chat.redis.ArchiveStatus;
import dev.chatsocket.chat.protocol.ChatProtocol;
import dev.chatsocket.chat.protocol.JsonFrames;
import dev.chatsocket.chat.moderation.Sanction;
import dev.chatsocket.chat.room.Resume;
import dev.chatsocket.chat.room.StoreUnavailableException;
import dev.chatsocket.identity.Identity;
import dev.chatsocket.chat.room.RoomNames;
import dev.chatsocket.config.ApplicationConfig;
import dev.chatsocket.identity.IdentityRefused;
import dev.chatsocket.identity.IdentityResolver;
import dev.chatsocket.identity.PeopleSettings;
import dev.chatsocket.identity.RoomAccess;
import dev.chatsocket.metrics.ApplicationMetrics;
import dev.chatsocket.ws.WebSocketEndpoint;
import dev.chatsocket.ws.Limits;
import dev.chatsocket.ws.UpgradeRefused;
import dev.chatsocket.ws.WebSocketServlet;
import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The chat's WebSocket endpoint: {@code /chat} joins the lobby, {@code /chat/{room}} any room it
 * may, {@code /chat/@{uid}} the direct messages with that person (docs/identity.md). Identity comes
 * from the container's user, {@code ?token=} or {@code ?session=}, else a guest.
 * {@code ?since=N&epoch=E} resumes after message N of history epoch E. The room registry comes
 * from CDI; each connection gets its own {@link ChatEndpoint}.
 */
@WebServlet(name = "chat", urlPatterns = {"/chat", "/chat/*"}, loadOnStartup = 1)
public class ChatServlet extends WebSocketServlet {
    private final JsonFrames frames = new JsonFrames();

    @Inject
    RoomRegistry rooms;

    private ChatSettings settings;
    private ChatProtocol protocol;
    private PeopleOnThisNode people;

    @Override
    public void init() throws ServletException {
        super.init();
        protocol = new ChatProtocol(settings.maxTextLength());
        ApplicationMetrics.of(getServletContext()).ifPresent(metrics -> {
            metrics.gauge("chatsocket.rooms", "Chat rooms that exist now", rooms::roomCount);
            metrics.gauge("chatsocket.room.members", "Members across all chat rooms", rooms::memberCount);
            metrics.gauge("chatsocket.people.tracked", "People whose per-person limits this node keeps",
                    people::tracked);
            if (settings.redis().isPresent()) {
                // Cluster mode's archive (0 when no database is configured: nothing is archived).
                metrics.gauge("chatsocket.archive.backlog", "Room stream entries not yet in the database archive",
                        () -> rooms.archiveStatus().map(ArchiveStatus::backlog).orElse(0L));
                metrics.gauge("chatsocket.archive.archived", "Entries this node inserted into the database archive",
                        () -> rooms.archiveStatus().map(ArchiveStatus::archived).orElse(0L));
                metrics.gauge("chatsocket.archive.failing", "1 while this node cannot archive (database or Redis unreachable)",
                        () -> rooms.archiveStatus().map(status -> status.failing() ? 1 : 0).orElse(0));
            }
        });
    }

    @Override
    protected Limits limits() {
        // Read here, not from the registry: CDI's beans are not to be created while servlets start.
        ApplicationConfig config = ApplicationConfig.of(getServletContext());
        this.settings = config.chat();
        PeopleSettings perPerson = config.identity().people();
        this.people = new PeopleOnThisNode(perPerson.maxConnectionsPerUser(), perPerson.messagesPerSecond(),
                perPerson.messageBurst(), perPerson.maxIdleBuckets(), System::nanoTime);
        return this.settings.endpoint();
    }

    /**
     * Decides who is connecting (401 when a credential is wrong or guests are off), whether they
     * may join the room (403), and whether that person may open one more connection on this node
     * (429), before the upgrade: nothing is stored for a refused client. The endpoint holds the
     * person's connection count until the engine releases it, whichever way the connection ends.
     */
    @Override
    protected WebSocketEndpoint createEndpoint(HttpServletRequest request) throws UpgradeRefused {
        String address = addressOf(request.getPathInfo());
        Resume resume = resumeOf(request);
        IdentityResolver.Credentials credentials = Handshakes.credentials(request);
        IdentityResolver.Resolved resolved;
        try {
            resolved = rooms.identities().resolve(credentials);
        } catch (IdentityRefused refused) {
            throw new UpgradeRefused(401, refused.reason());
        }
        String room;
        try {
            room = rooms.access().join(resolved.identity(), address, credentials.containerRole());
        } catch (IdentityRefused refused) {
            throw new UpgradeRefused(403, refused.reason());
        }
        refuseIfBanned(room, resolved.identity());
        if (!rooms.hasRoomFor(room)) {
            throw new UpgradeRefused(503, "the room is full or too many rooms are open; try again later");
        }
        // Last, so that no refusal after it has a count to give back.
        PeopleOnThisNode.Connection person = people.connect(resolved.identity().uid()).orElseThrow(() ->
                new UpgradeRefused(429, "too many connections for this user; close one and try again"));
        return new ChatEndpoint(rooms, room, resolved, resume, protocol, frames,
                new FloodGuard(settings.rates(), person::takeMessage, System::nanoTime), person);
    }

    /**
     * 403 with the ban's notice for someone banned from the room (a guest's uid comes back with
     * its session, so its ban holds across reconnects); one read of the store every node shares.
     * A store that cannot be read refuses the handshake (503) rather than let a banned person in.
     */
    private void refuseIfBanned(String room, Identity who) throws UpgradeRefused {
        Optional<Sanction> ban;
        try {
            ban = rooms.ban(room, who.uid(), who.roles());
        } catch (StoreUnavailableException e) {
            throw new UpgradeRefused(503, "the room's bans cannot be read now; try again later");
        }
        if (ban.isPresent()) {
            throw new UpgradeRefused(403, ban.get().notice());
        }
    }

    /** The room's name or {@code @uid} (direct messages), from the path. */
    private static String addressOf(String pathInfo) throws UpgradeRefused {
        if (pathInfo == null || pathInfo.equals("/")) {
            return RoomNames.LOBBY;
        }
        String address = pathInfo.substring(1);
        if (!RoomAccess.isValidAddress(address)) {
            throw new UpgradeRefused(400, "a room name is 1 to 64 letters, digits, '-' or '_' (or @ and a uid)");
        }
        return address;
    }

    private static Resume resumeOf(HttpServletRequest request) throws UpgradeRefused {
        String since = request.getParameter("since");
        String epoch = request.getParameter("epoch");
        if (since == null || since.isEmpty()) {
            return new Resume(0, epoch);
        }
        try {
            long id = Long.parseLong(since);
            if (id < 0) {
                throw new NumberFormatException();
            }
            return new Resume(id, epoch == null || epoch.isEmpty() ? null : epoch);
        } catch (NumberFormatException e) {
            throw new UpgradeRefused(400, "since must be a message id (a whole number of 0 or more)");
        }
    }
}
