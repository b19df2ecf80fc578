/**
 * Pictures for slides and papers: every chart and heatmap of Unroll as a {@link dev.unroll.render.Figure}
 * that is drawn with plain Java2D (JFreeChart for charts), written as a PNG at any scale or as an SVG
 * of vectors ({@link dev.unroll.render.Figures}). The figure builders ({@link dev.unroll.render.Pictures})
 * are fed with engine data (loss histories, probe results, weight matrices, BPTT traces), so the app's
 * export commands and {@code unroll export} draw a picture the same way.
 *
 * <p>Between the engine and its front ends: this package uses the engine, AWT, JFreeChart and
 * JFreeSVG, and never JavaFX, picocli, the app or the CLI (ArchitectureTest). Everything here works
 * headless and on any thread.
 */
package dev.unroll.render;
