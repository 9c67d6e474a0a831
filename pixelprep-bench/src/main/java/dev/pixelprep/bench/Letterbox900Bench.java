package dev.pixelprep.bench;

/**
 * {@link Letterbox1080Bench} on a 1600x900 BGRA frame: the same recipe and peers, resized to 640x360 by 2.5 in each
 * direction, so every output pixel weighs two source columns and two source rows with non-zero weights (0.25 and
 * 0.75): the general case of the INTER_LINEAR kernel, where the 3× frame of benchmark (e) lets pixelprep skip taps.
 *
 * <p>Confined: JMH state of {@code Scope.Thread}, one instance per benchmark thread.
 */
public class Letterbox900Bench extends Letterbox1080Bench {
    @Override
    int width() {
        return 1600;
    }

    @Override
    int height() {
        return 900;
    }
}
