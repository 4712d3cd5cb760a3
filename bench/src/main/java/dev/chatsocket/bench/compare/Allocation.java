package dev.chatsocket.bench.compare;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes a server's JVM has allocated on its heap since it started, over all its threads
 * ({@code com.sun.management.ThreadMXBean.getTotalThreadAllocatedBytes}, read through the JVM's
 * local management agent, which the attach API starts on first use). Unlike CPU time, what a
 * server allocates per echo or per pong does not change when other processes take its core, so it
 * compares servers on a loaded machine. The agent adds one idle thread to the server, the same for
 * every server, after its thread count at the idle levels has been taken.
 */
final class Allocation {
    private static final Map<Long, MBeanServerConnection> CONNECTIONS = new HashMap<>();
    private static final ObjectName THREADING;

    static {
        try {
            THREADING = new ObjectName("java.lang:type=Threading");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private Allocation() {
    }

    /** The total, or -1 when the server's JVM cannot be asked (reported as NaN per message). */
    static synchronized long totalBytes(long pid) {
        try {
            MBeanServerConnection mbeans = CONNECTIONS.get(pid);
            if (mbeans == null) {
                VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
                String address;
                try {
                    address = vm.startLocalManagementAgent();
                } finally {
                    vm.detach();
                }
                JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
                mbeans = connector.getMBeanServerConnection();
                CONNECTIONS.put(pid, mbeans);
            }
            return (Long) mbeans.getAttribute(THREADING, "TotalThreadAllocatedBytes");
        } catch (Exception e) {
            System.err.println("[compare] cannot read allocated bytes of pid " + pid + ": " + e);
            return -1;
        }
    }

    /** Bytes allocated per event between two totals, or NaN when either is unknown or nothing happened. */
    static double perEvent(long before, long after, long events) {
        return before < 0 || after < 0 || events <= 0 ? Double.NaN : (after - before) / (double) events;
    }
}
