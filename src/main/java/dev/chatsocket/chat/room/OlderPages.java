package dev.chatsocket.chat.room;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** An {@link OlderPage} cut from a log's entries, for the logs that page from what they hold in memory. */
public final class OlderPages {
    private OlderPages() {
    }

    /**
     * @param newestFirst the log's entries, newest first
     * @return up to {@code limit} messages below {@code before}, oldest first; {@code more} when one
     *         more is among the entries
     */
    public static OlderPage from(Iterator<Entry> newestFirst, long before, int limit) {
        List<ChatMessage> page = new ArrayList<>(Math.min(limit, 64));
        boolean more = false;
        while (newestFirst.hasNext()) {
            if (newestFirst.next() instanceof Entry.Posted posted && posted.message().id() < before) {
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(posted.message());
            }
        }
        Collections.reverse(page);
        return new OlderPage(page, more);
    }
}
