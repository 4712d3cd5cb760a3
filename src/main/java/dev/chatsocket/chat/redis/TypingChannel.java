package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.LogListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.netty.util.concurrent.EventExecutor;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * How typing notices reach every node: Redis pub/sub, on a connection of its own, subscribed to
 * the typing channel of each room this node delivers ({@link RedisKeys#typingChannel}). A notice
 * is ephemeral, so it does not go through the stream: it is never stored, never replayed, and a
 * node not subscribed at the moment (disconnected, or the room not open here yet) misses it, as
 * the protocol allows. Lettuce subscribes again by itself after a reconnect.
 *
 * <p>Subscribing and unsubscribing run on one of Lettuce's threads, always the same one, so that
 * they reach Redis in the order the rooms asked (a room forgotten and opened again ends
 * subscribed) and no container thread writes to Lettuce (see {@link RedisGateway#onLettuceThread}).
 * Notices are handed to the rooms on Lettuce's event loop. Bounded by the rooms this node delivers.
 */
final class TypingChannel {
    private static final System.Logger LOG = System.getLogger(TypingChannel.class.getName());

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final EventExecutor dispatcher;
    /** The rooms' listeners by channel; a channel is subscribed while it has one. Guarded by this. */
    private final Map<String, Set<LogListener>> listeners = new HashMap<>();

    TypingChannel(StatefulRedisPubSubConnection<String, String> connection, EventExecutor dispatcher) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String notice) {
                heard(channel, notice);
            }
        });
    }

    /** A notice as it travels: the uid's length, a colon, the uid, then the nick (either may hold any character). */
    static String notice(String uid, String nick) {
        return uid.length() + ":" + uid + nick;
    }

    synchronized void watch(String channel, LogListener listener) {
        Set<LogListener> watching = listeners.computeIfAbsent(channel, c -> new LinkedHashSet<>());
        if (watching.isEmpty()) {
            onDispatcher(() -> connection.async().subscribe(channel));
        }
        watching.add(listener);
    }

    synchronized void forget(String channel, LogListener listener) {
        Set<LogListener> watching = listeners.get(channel);
        if (watching != null && watching.remove(listener) && watching.isEmpty()) {
            listeners.remove(channel);
            onDispatcher(() -> connection.async().unsubscribe(channel));
        }
    }

    private void onDispatcher(Runnable command) {
        try {
            dispatcher.execute(command);
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "typing channel not changed, the Redis client is stopping");
        }
    }

    private void heard(String channel, String notice) {
        List<LogListener> rooms;
        synchronized (this) {
            Set<LogListener> watching = listeners.get(channel);
            if (watching == null) {
                return;
            }
            rooms = List.copyOf(watching);
        }
        int colon = notice.indexOf(':');
        int uidLength;
        try {
            uidLength = Integer.parseInt(notice.substring(0, Math.max(colon, 0)));
        } catch (NumberFormatException e) {
            uidLength = -1;
        }
        if (colon < 0 || uidLength < 0 || colon + 1 + uidLength > notice.length()) {
            LOG.log(Level.WARNING, "ignoring a typing notice on {0} this server did not write", channel);
            return;
        }
        String uid = notice.substring(colon + 1, colon + 1 + uidLength);
        String nick = notice.substring(colon + 1 + uidLength);
        rooms.forEach(room -> room.typing(uid, nick));
    }

    void close() {
        connection.close();
    }
}
