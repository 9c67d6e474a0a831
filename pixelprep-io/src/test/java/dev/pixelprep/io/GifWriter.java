package dev.pixelprep.io;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;

/** Writes GIFs the plain {@code ImageIO.write} does not: interlaced frames, several frames in one file. */
final class GifWriter {
    private GifWriter() {
    }

    /** {@code image} as an interlaced first frame, then its upper half as a second (non-interlaced) frame. */
    static void writeTwoFrames(BufferedImage image, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(image, null, frameMetadata(writer, image, true)), null);
            BufferedImage half = image.getSubimage(0, 0, image.getWidth(), image.getHeight() / 2);
            writer.writeToSequence(new IIOImage(half, null, frameMetadata(writer, half, false)), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage image, boolean interlaced) throws IOException {
        IIOMetadata m = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        String format = m.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) m.getAsTree(format);
        IIOMetadataNode descriptor = (IIOMetadataNode) root.getElementsByTagName("ImageDescriptor").item(0);
        descriptor.setAttribute("interlaceFlag", interlaced ? "TRUE" : "FALSE");
        m.setFromTree(format, root);
        return m;
    }
}
