package dev.chatsocket.conformance;

import dev.chatsocket.testsupport.ClientFrames;
import dev.chatsocket.testsupport.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.chatsocket.conformance.Conformance.assertClosedWith;
import static dev.chatsocket.conformance.Conformance.assertEchoed;

/** A protocol error on one connection never disturbs the others. */
class IsolationIT extends OnTheRealWar {
    @Test
    void violationsOnSomeConnectionsLeaveTheOthersEchoing() throws Exception {
        List<RawWebSocket> good = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                good.add(echo());
            }
            byte[][] violations = {
                    ClientFrames.frame(true, 0, 5, new byte[0]),
                    ClientFrames.unmasked(true, 1, new byte[]{'x'}),
                    ClientFrames.frame(true, 0, 1, new byte[]{(byte) 0xC0, (byte) 0x80}),
                    ClientFrames.frame(true, 4, 1, new byte[]{'x'}),
            };
            int[] codes = {1002, 1002, 1007, 1002};
            for (int i = 0; i < violations.length; i++) {
                try (RawWebSocket bad = echo()) {
                    bad.send(violations[i]);
                    assertClosedWith(bad, codes[i]);
                }
                for (int j = 0; j < good.size(); j++) {
                    byte[] text = ("conn " + j + " after violation " + i).getBytes(StandardCharsets.UTF_8);
                    good.get(j).send(ClientFrames.frame(true, 0, 1, text));
                    assertEchoed(good.get(j), 1, text);
                }
            }
        } finally {
            for (RawWebSocket ws : good) {
                ws.close();
            }
        }
    }
}
