package dev.chatsocket.chat.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * A Lua script called by its SHA1 ({@code EVALSHA}), and sent in full ({@code EVAL}) only when
 * Redis does not know it yet, say after a restart or a {@code SCRIPT FLUSH}.
 */
final class LuaScript {
    private final String source;
    private final String sha;

    LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    <T> T call(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }

    <T> CompletionStage<T> callAsync(RedisAsyncCommands<String, String> redis, ScriptOutputType type,
                                     String[] keys, String... args) {
        CompletionStage<T> bySha = redis.evalsha(sha, type, keys, args);
        return bySha.exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof RedisNoScriptException) {
                return redis.eval(source, type, keys, args);
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }
}
