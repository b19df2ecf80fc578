import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws Unroll's icon: a recurrent net unrolled in time, three hidden states in a row linked by
 * arrows (the recurrence), each fed from below and emitting upwards, on a rounded midnight-blue
 * square. Writes unroll-SIZE.png for every size an installer needs, unroll.png (512), and
 * unroll.icns (macOS, PNG-based entries). The Windows unroll.ico is made from the PNGs with
 * ImageMagick by build-icons.sh.
 *
 * <p>Run: {@code java packaging/IconMaker.java packaging/icons} (Java 17, headless is fine).
 */
public final class IconMaker {
    static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256, 512, 1024};

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path out = Path.of(args.length > 0 ? args[0] : "packaging/icons");
        Files.createDirectories(out);
        for (int s : SIZES) {
            ImageIO.write(draw(s), "png", out.resolve("unroll-" + s + ".png").toFile());
        }
        Files.copy(out.resolve("unroll-512.png"), out.resolve("unroll.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        writeIcns(out);
    }

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(size / 100.0, size / 100.0);
        // a rounded square, slightly inset as desktop icons are
        boolean tiny = size <= 24;
        double inset = tiny ? 1 : 4;
        g.setPaint(new GradientPaint(0, 0, new Color(0x1f2d5c), 0, 100, new Color(0x0e1630)));
        g.fill(new RoundRectangle2D.Double(inset, inset, 100 - 2 * inset, 100 - 2 * inset, 22, 22));

        double[] xs = {19, 50, 81};
        double y = 50;
        double r = tiny ? 10.5 : 8.5;
        Color amber = new Color(0xffb454);
        Color pale = new Color(0xdfe7ff);
        float thin = tiny ? 5f : 3.2f;
        // inputs from below and outputs upwards (left out at the smallest sizes: they would blur)
        if (!tiny) {
            g.setColor(new Color(0x8fa3d9));
            g.setStroke(new BasicStroke(thin, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (double x : xs) {
                arrow(g, x, 84, x, y + r + 5, 5.5);
                arrow(g, x, y - r - 4, x, 20, 5.5);
            }
        }
        // the recurrence: each state passes to the next
        g.setColor(amber);
        g.setStroke(new BasicStroke(tiny ? 6f : 4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int i = 0; i + 1 < xs.length; i++) {
            arrow(g, xs[i] + r + 2, y, xs[i + 1] - r - 4, y, tiny ? 0 : 7);
        }
        for (double x : xs) {
            g.setColor(pale);
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            g.setColor(amber);
            g.setStroke(new BasicStroke(tiny ? 3f : 3.5f));
            g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
        g.dispose();
        return img;
    }

    private static void arrow(Graphics2D g, double x1, double y1, double x2, double y2, double head) {
        g.draw(new Line2D.Double(x1, y1, x2, y2));
        if (head <= 0) {
            return;
        }
        double a = Math.atan2(y2 - y1, x2 - x1);
        Path2D p = new Path2D.Double();
        p.moveTo(x2 + Math.cos(a) * 1.5, y2 + Math.sin(a) * 1.5);
        p.lineTo(x2 - Math.cos(a - 0.5) * head, y2 - Math.sin(a - 0.5) * head);
        p.lineTo(x2 - Math.cos(a + 0.5) * head, y2 - Math.sin(a + 0.5) * head);
        p.closePath();
        g.fill(p);
    }

    /** An .icns file of PNG entries (macOS 10.7 and later read these). */
    static void writeIcns(Path out) throws IOException {
        String[][] entries = {{"icp4", "16"}, {"icp5", "32"}, {"icp6", "64"}, {"ic07", "128"}, {"ic08", "256"},
                {"ic09", "512"}, {"ic10", "1024"}, {"ic11", "32"}, {"ic12", "64"}, {"ic13", "256"}, {"ic14", "512"}};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(body);
        for (String[] e : entries) {
            byte[] png = Files.readAllBytes(out.resolve("unroll-" + e[1] + ".png"));
            d.writeBytes(e[0]);
            d.writeInt(8 + png.length);
            d.write(png);
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(file);
        f.writeBytes("icns");
        f.writeInt(8 + body.size());
        body.writeTo(f);
        Files.write(out.resolve("unroll.icns"), file.toByteArray());
    }
}
