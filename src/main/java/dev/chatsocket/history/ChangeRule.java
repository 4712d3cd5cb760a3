package dev.chatsocket.history;

import java.util.Optional;

/**
 * Who may edit or delete a message is the caller's rule, not the store's: the store applies it in
 * its writer's transaction, to the target as the store has it at that moment, so that the decision
 * and the write are one (two deletes of one message: the second sees it deleted).
 *
 * @param <R> what a refusal says
 */
@FunctionalInterface
public interface ChangeRule<R> {

    /**
     * @param target the message, which exists and is not deleted
     * @return why the change is refused, or empty to store it
     */
    Optional<R> refusal(Message target);
}
