package tapdesk.demo.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles of measured times, for the benchmark and the load run alike. */
final class Percentile {

    private Percentile() {
    }

    /** The {@code p}th percentile of {@code samples} (nearest rank); 0 when there are none. */
    static double of(List<Long> samples, int p) {
        if (samples.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
