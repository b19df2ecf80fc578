package dev.unroll.app.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * How features talk to each other without holding references: a feature publishes an event
 * record; whoever subscribed to that record's class receives it, on the thread that published
 * (features publish from the JavaFX thread).
 */
public final class EventBus {
    private final Map<Class<?>, List<Consumer<Object>>> subscribers = new ConcurrentHashMap<>();

    public <E> void subscribe(Class<E> type, Consumer<? super E> handler) {
        subscribers.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>()).add(e -> handler.accept(type.cast(e)));
    }

    public void publish(Object event) {
        List<Consumer<Object>> list = subscribers.get(event.getClass());
        if (list != null) {
            for (Consumer<Object> c : list) {
                c.accept(event);
            }
        }
    }
}
