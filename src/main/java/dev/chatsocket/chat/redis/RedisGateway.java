package dev.chatsocket.chat.redis;

import dev.chatsocket.chat.room.StoreUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.netty.util.concurrent.EventExecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * This node's command connection to Redis, and the rule for which thread may use it: blocking
 * commands from the backend's own threads, everything a container thread asks for from one of
 * Lettuce's own threads (see {@link #onLettuceThread}). Lettuce's failures become
 * {@link StoreUnavailableException}, so that nothing above this package sees a Lettuce type.
 */
final class RedisGateway {
    private final StatefulRedisConnection<String, String> connection;
    /** The one Lettuce thread that issues the commands of container threads. */
    private final EventExecutor dispatcher;
    private final Duration timeout;

    RedisGateway(StatefulRedisConnection<String, String> connection, EventExecutor dispatcher, Duration timeout) {
        this.connection = connection;
        this.dispatcher = dispatcher;
        this.timeout = timeout;
    }

    /** Runs blocking commands on the caller's thread, which must be one of the backend's own. */
    <T> T blocking(Function<RedisCommands<String, String>, T> commands) {
        try {
            return commands.apply(connection.sync());
        } catch (RedisException e) {
            throw new StoreUnavailableException(e.toString(), e);
        }
    }

    /**
     * Issues a command (a post, a rename) from one of Lettuce's own threads, always the same one.
     * Netty leaves a thread-local map on every thread that writes to a channel; on a container's
     * thread that outlives the application (Tomcat reports it as a leak on undeploy), so container
     * threads never call Lettuce directly. One thread, because commands reach Redis in the order
     * they are written: a member's messages (and renames) must be appended in the order it sent them.
     */
    <T> CompletableFuture<T> onLettuceThread(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            dispatcher.execute(() -> {
                try {
                    command.apply(connection.async()).whenComplete((value, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(unavailable(failure));
                        } else {
                            result.complete(value);
                        }
                    });
                } catch (RuntimeException e) {
                    result.completeExceptionally(unavailable(e));
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new StoreUnavailableException("the Redis client is shutting down", e));
        }
        return result;
    }

    /** Waits for a command issued on a Lettuce thread: for the request threads of the chat page. */
    <T> T await(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
        try {
            return onLettuceThread(command).get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw unavailable(e.getCause());
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("Redis did not answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        }
    }

    private static StoreUnavailableException unavailable(Throwable failure) {
        return failure instanceof StoreUnavailableException s ? s : new StoreUnavailableException(failure.toString(), failure);
    }
}
