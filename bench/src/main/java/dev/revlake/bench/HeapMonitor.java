package dev.revlake.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The peak JVM heap use of a stretch of work. Two sources, the higher wins: a sampler thread reads
 * the heap in use every {@link #SAMPLE_MILLIS} ms, and every garbage collection reports the heap
 * pools' use just before it ran, which is the true peak of the moment (a sampler sees the heap only
 * between collections and misses the top of each saw tooth).
 */
public final class HeapMonitor implements AutoCloseable {

    /** Sampling interval of the sampler thread. */
    public static final long SAMPLE_MILLIS = 10;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
    private final AtomicLong windowPeak = new AtomicLong();
    private final AtomicLong runPeak = new AtomicLong();
    private final AtomicLong windowLive = new AtomicLong();
    private final java.lang.management.RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
    /** JVM uptime (ms) when the window began: a late notice of an earlier collection stays out of it. */
    private volatile long windowStartUptime;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final Thread sampler;
    private volatile boolean running = true;

    /** Starts sampling and listening to collections. */
    public HeapMonitor() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, n -> GarbageCollectionNotificationInfo
                        .GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()), null);
                emitters.add(emitter);
            }
        }
        sampler = new Thread(this::sample, "revlake-bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts a new window (a stage): its peak starts at the heap in use now. */
    public void reset() {
        windowStartUptime = runtime.getUptime();
        windowPeak.set(used());
        windowLive.set(0);
    }

    /** The peak since the last {@link #reset()}, including the heap in use now. */
    public long windowPeak() {
        record(used());
        return windowPeak.get();
    }

    /**
     * The most heap still in use right after a collection since the last {@link #reset()}: what the
     * work kept alive, unlike the peak, which also holds garbage G1 had not yet collected. 0 when no
     * collection ran.
     */
    public long windowLiveAfterGc() {
        return windowLive.get();
    }

    /** The peak since the monitor started. */
    public long runPeak() {
        record(used());
        return runPeak.get();
    }

    private long used() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void record(long bytes) {
        windowPeak.accumulateAndGet(bytes, Math::max);
        runPeak.accumulateAndGet(bytes, Math::max);
    }

    private void sample() {
        while (running) {
            record(used());
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void onGc(Notification n, Object handback) {
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long before = heapBefore(info.getGcInfo().getMemoryUsageBeforeGc());
        runPeak.accumulateAndGet(before, Math::max);
        if (info.getGcInfo().getStartTime() >= windowStartUptime) {
            windowPeak.accumulateAndGet(before, Math::max);
            windowLive.accumulateAndGet(heapBefore(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
        }
    }

    /** The sum of the heap pools' use in a collection's picture (before or after it). */
    long heapBefore(Map<String, MemoryUsage> before) {
        return before.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                .mapToLong(e -> e.getValue().getUsed()).sum();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone: nothing to undo
            }
        }
    }
}
