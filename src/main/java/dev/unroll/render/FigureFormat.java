package dev.unroll.render;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats a figure is written in: a bitmap for slides, vectors for papers. */
public enum FigureFormat {
    /** A PNG bitmap, drawn at a scale (2: twice the screen's resolution). */
    PNG("png"),
    /** An SVG document: charts and heatmaps as vector shapes and text. */
    SVG("svg");

    private final String extension;

    FigureFormat(String extension) {
        this.extension = extension;
    }

    /** The file name extension, without its dot: "png" or "svg". */
    public String extension() {
        return extension;
    }

    /** The format a file name asks for by its extension (case-insensitive), or null when it has neither. */
    public static FigureFormat ofFile(Path file) {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        for (FigureFormat f : values()) {
            if (n.endsWith("." + f.extension)) {
                return f;
            }
        }
        return null;
    }

    /**
     * The file in this format beside {@code file}: the same name with this format's extension in
     * place of a ".png" or ".svg" one, or added when it has neither ("loss.png" to "loss.svg").
     */
    public Path sibling(Path file) {
        String n = file.getFileName().toString();
        FigureFormat own = ofFile(file);
        String base = own == null ? n : n.substring(0, n.length() - own.extension.length() - 1);
        return file.resolveSibling(base + "." + extension);
    }
}
