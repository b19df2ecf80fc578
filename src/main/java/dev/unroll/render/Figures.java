package dev.unroll.render;

import dev.unroll.engine.io.AtomicFiles;

import org.jfree.svg.SVGGraphics2D;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;

/**
 * Writes {@link Figure}s as PNG bitmaps at a scale and as SVG documents. Files are written to a
 * temporary file beside the target and moved over it when complete, so a failed export never
 * leaves half a picture under the chosen name.
 */
public final class Figures {
    /** The scale of exported bitmaps: twice the screen's resolution, sharp on slides and HiDPI screens. */
    public static final double PRINT_SCALE = 2;
    /** The largest scale accepted (a bigger one makes bitmaps of hundreds of megabytes). */
    public static final double MAX_SCALE = 8;
    /** The most pixels a bitmap may have (about 400 MB of memory while drawing). */
    public static final long MAX_PIXELS = 100_000_000L;

    private Figures() {
    }

    /**
     * The figure drawn at {@code scale}: an image of ceil(width x scale) by ceil(height x scale) pixels,
     * antialiased.
     *
     * @throws IllegalArgumentException when the scale is not in (0, {@link #MAX_SCALE}] or the image
     *                                  would exceed {@link #MAX_PIXELS}
     */
    public static BufferedImage toImage(Figure f, double scale) {
        if (!(scale > 0) || scale > MAX_SCALE) {
            throw new IllegalArgumentException("the scale must be above 0 and at most " + (int) MAX_SCALE + " (got " + scale + ")");
        }
        int w = pixels(f.width(), scale);
        int h = pixels(f.height(), scale);
        if ((long) w * h > MAX_PIXELS) {
            throw new IllegalArgumentException("the picture would be " + w + "x" + h + " pixels, more than "
                    + MAX_PIXELS / 1_000_000 + " million; use a smaller scale");
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            hints(g);
            g.scale(scale, scale);
            f.draw(g);
        } finally {
            g.dispose();
        }
        return img;
    }

    /** The pixels of a length in units at a scale: rounded up, at least one. */
    public static int pixels(double units, double scale) {
        return Math.max(1, (int) Math.ceil(units * scale - 1e-9));
    }

    /**
     * The figure as a complete SVG document of width x height units: an XML declaration and the svg
     * element (no DOCTYPE, so no parser goes looking for the SVG 1.1 DTD on the network).
     */
    public static String toSvg(Figure f) {
        SVGGraphics2D g = new SVGGraphics2D(f.width(), f.height());
        hints(g);
        f.draw(g);
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + g.getSVGElement() + "\n";
    }

    /**
     * Writes the figure in a format: a PNG at {@code scale}, or an SVG (the scale does not apply).
     *
     * @throws UncheckedIOException when the file cannot be written (the message names it and why)
     * @throws IllegalArgumentException for a bad scale or a bitmap too large (see {@link #toImage})
     */
    public static void write(Figure f, Path file, FigureFormat format, double scale) {
        if (format == FigureFormat.PNG) {
            BufferedImage img = toImage(f, scale);
            atomically(file, out -> {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("no PNG writer");
                }
            });
        } else {
            byte[] svg = toSvg(f).getBytes(StandardCharsets.UTF_8);
            atomically(file, out -> out.write(svg));
        }
    }

    /**
     * Writes the figure twice, as a PNG at {@code scale} and as an SVG: {@code file} and its
     * {@link FigureFormat#sibling sibling} ("loss.png" and "loss.svg"). A name with neither extension
     * gets both added.
     *
     * @return the files written, the PNG first
     */
    public static List<Path> writeBoth(Figure f, Path file, double scale) {
        Path png = FigureFormat.PNG.sibling(file);
        Path svg = FigureFormat.SVG.sibling(file);
        write(f, png, FigureFormat.PNG, scale);
        write(f, svg, FigureFormat.SVG, scale);
        return List.of(png, svg);
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private static void atomically(Path file, Writing w) {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            // not Files.createTempFile: its files are private (0600), and a picture is made to be shared,
            // so this one gets the permissions the umask gives every new file
            tmp = dir.resolve("." + file.getFileName() + "-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                w.to(out);
            }
            AtomicFiles.moveIntoPlace(tmp, file);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + " (" + reason(e) + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temporary file is all that is left
                }
            }
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }
}
