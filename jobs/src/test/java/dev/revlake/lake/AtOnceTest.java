package dev.revlake.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class AtOnceTest {

    @Test
    void resultsComeInTheItemsOrderWhenLaterItemsFinishFirst() {
        CountDownLatch othersDone = new CountDownLatch(2);
        List<String> results = AtOnce.map("test", 3, List.of("a", "b", "c"), item -> {
            if (item.equals("a")) {
                await(othersDone);
            } else {
                othersDone.countDown();
            }
            return item.toUpperCase();
        }, item -> item);

        assertThat(results).containsExactly("A", "B", "C");
    }

    @Test
    void everyItemIsWaitedForBeforeTheFirstFailureIsThrownWithTheLaterOnesSuppressed() {
        AtomicBoolean slowFinished = new AtomicBoolean();
        assertThatThrownBy(() -> AtOnce.map("test", 3, List.of("first", "slow", "third"), item -> {
            switch (item) {
                case "first" -> throw new IllegalArgumentException("first broke");
                case "slow" -> {
                    sleep(300);
                    slowFinished.set(true);
                    return item;
                }
                default -> throw new AssertionError("third broke");
            }
        }, item -> "Work on " + item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("first broke")
                .satisfies(e -> {
                    assertThat(e.getSuppressed()).hasSize(1);
                    assertThat(e.getSuppressed()[0]).isInstanceOf(IllegalStateException.class)
                            .hasMessage("Work on third failed: third broke");
                });
        assertThat(slowFinished).isTrue();
    }

    @Test
    void noMoreThanTheGivenNumberRunAtOnce() {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtOnce.map("test", 2, List.of(1, 2, 3, 4, 5, 6), item -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            sleep(50);
            running.decrementAndGet();
            return item;
        }, String::valueOf);

        assertThat(most.get()).isEqualTo(2);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
