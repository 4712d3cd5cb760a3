package dev.chatsocket.history;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A DataSource between the store and its pool that counts the commits made on its connections,
 * and can hold every {@code getConnection()} until released (a writer stuck on its database).
 */
final class ObservedDataSource {
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final DataSource observed;

    ObservedDataSource(DataSource target) {
        this.observed = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        CountDownLatch latch = gate.get();
                        if (latch != null) {
                            latch.await();
                        }
                        return connection((Connection) invoke(target, method, args));
                    }
                    return invoke(target, method, args);
                });
    }

    DataSource dataSource() {
        return observed;
    }

    int commits() {
        return commits.get();
    }

    void resetCommits() {
        commits.set(0);
    }

    void hold() {
        gate.set(new CountDownLatch(1));
    }

    void release() {
        CountDownLatch latch = gate.getAndSet(null);
        if (latch != null) {
            latch.countDown();
        }
    }

    private Connection connection(Connection target) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("commit")) {
                commits.incrementAndGet();
            }
            return invoke(target, method, args);
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Connection.class}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
