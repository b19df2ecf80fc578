package dev.unroll.cli;

import dev.unroll.engine.train.TrainingConfig;

import picocli.CommandLine.Mixin;

/**
 * The training settings a run takes over its base, a mixin of mixins shared by {@code train}, {@code bench},
 * {@code compare-cells} and {@code sweep}: the optimization flags ({@link OptimizerFlags}), then the layer and batch
 * flags ({@link DepthFlags}), listed in that order by --help. In a sweep ({@link #SettingsFlags(boolean) with lists})
 * --optimizer, --layers and --batch-size take lists, axes of its grid.
 */
final class SettingsFlags {

    @Mixin
    OptimizerFlags optimization;

    @Mixin
    DepthFlags depth;

    /** Flags that take one value each. */
    SettingsFlags() {
        this(false);
    }

    /** With {@code lists}, --optimizer, --layers and --batch-size may list several values (a sweep's axes). */
    SettingsFlags(boolean lists) {
        optimization = new OptimizerFlags(lists);
        depth = new DepthFlags(lists);
    }

    /** Whether any of these flags was given. */
    boolean any() {
        return optimization.any() || depth.any();
    }

    /**
     * {@code base} with the flags given, the optimization's and then the depth's, each checked and refused with one
     * line naming its flag (status 2).
     */
    TrainingConfig apply(TrainingConfig base) {
        return depth.apply(optimization.apply(base));
    }
}
