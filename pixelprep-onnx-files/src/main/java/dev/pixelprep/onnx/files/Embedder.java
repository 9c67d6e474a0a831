package dev.pixelprep.onnx.files;

import dev.pixelprep.onnx.InvalidModelException;
import dev.pixelprep.core.InvalidSpecException;
import dev.pixelprep.core.geometry.Geometry;
import dev.pixelprep.core.geometry.Interpolation;
import dev.pixelprep.core.geometry.Resize;
import dev.pixelprep.core.geometry.ResizeFamily;
import dev.pixelprep.core.geometry.ResizeMode;
import dev.pixelprep.core.pixels.PixelFormat;
import dev.pixelprep.core.spec.AlphaPolicy;
import dev.pixelprep.core.spec.ColorOrder;
import dev.pixelprep.core.spec.DType;
import dev.pixelprep.core.spec.Luma;
import dev.pixelprep.core.spec.MeanImage;
import dev.pixelprep.core.spec.Spec;
import dev.pixelprep.io.spec.SpecJson;
import dev.pixelprep.onnx.files.proto.Onnx;
import dev.pixelprep.onnx.files.proto.Onnx.AttributeProto;
import dev.pixelprep.onnx.files.proto.Onnx.GraphProto;
import dev.pixelprep.onnx.files.proto.Onnx.NodeProto;
import dev.pixelprep.onnx.files.proto.Onnx.TensorProto;
import dev.pixelprep.onnx.files.proto.Onnx.TensorShapeProto;
import dev.pixelprep.onnx.files.proto.Onnx.TypeProto;
import dev.pixelprep.onnx.files.proto.Onnx.ValueInfoProto;

import com.google.protobuf.ByteString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Rewrites a model so that it takes raw 8-bit pixels {@code uint8 [N,H,W,P]} in a given {@link PixelFormat} and does
 * the spec's pixel work itself: channel selection or swap ({@code Gather}), colour to gray with the spec's integer
 * luma formula, layout change ({@code Transpose}), {@code Cast} to float, then {@code Sub} of the mean image,
 * {@code Mul} by the per-channel scale and {@code Add} of the per-channel bias, in the order of the spec's formula
 * {@code y = a·(x − mean) + b} (an inversion {@code 255 − x} is folded into those constants).
 *
 * <p>By default the spec's geometry (resize, crop) is not embedded: the new input has the model's own height and
 * width, and the caller resizes first; then the embedded model on raw pixels gives what the original model gives on
 * pixelprep's tensor. On request an exact {@code W×H} resize becomes ONNX {@code Resize} followed by {@code Round}
 * and {@code Clip(0, 255)}; that only approximates pixelprep's kernels (Pillow's fixed-point windows, antialiasing
 * only from opset 18; OpenCV's fixed-point bilinear), and size rules that depend on the image (shorter side, crop,
 * letterbox) are refused.
 *
 * <p>Graph rules kept: the new nodes come first (topological order), every new name is unique in the graph, the
 * constants are initializers only (and also graph inputs when the IR version is below 4, which requires that),
 * the old input leaves {@code graph.input} and keeps its type as a {@code value_info}, and the opset imports stay
 * as they are (every op used exists unchanged since opset 7).
 *
 * <p>Stateless utility: each {@code embed} call works on an instance of its own; the result is immutable.
 */
public final class Embedder {
    /** {@code metadata_props} key of the description an embedded model carries. */
    public static final String EMBEDDED_KEY = "pixelprep.embedded";
    private static final int MIN_OPSET = 7;

    /** The rewritten model and, in order, what its new nodes do. */
    public record Result(Onnx.ModelProto model, String inputName, long[] inputShape, List<String> steps) {
        /** Copies {@code inputShape} and {@code steps}, so the caller's later changes do not reach this value. */
        public Result {
            inputShape = inputShape.clone();
            steps = List.copyOf(steps);
        }

        /** A copy: changing it does not change this value. */
        @Override
        public long[] inputShape() {
            return inputShape == null ? null : inputShape.clone();
        }

        /** Equal when every component is, arrays compared by content. */
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Result)) {
                return false;
            }
            Result o = (Result) other;
            return Objects.equals(model, o.model)
                    && Objects.equals(inputName, o.inputName)
                    && Arrays.equals(inputShape, o.inputShape)
                    && Objects.equals(steps, o.steps);
        }

        @Override
        public int hashCode() {
            return Objects.hash(model, inputName, Arrays.hashCode(inputShape), steps);
        }

        @Override
        public String toString() {
            // the model itself is left out: its text form is the whole graph
            return "Result[model of " + model.getSerializedSize() + " bytes, inputName=" + inputName + ", inputShape=" + Arrays.toString(inputShape) + ", steps=" + steps + "]";
        }
    }

    private final Spec spec;
    private final PixelFormat format;
    private final Set<String> names = new HashSet<>();
    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> constants = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private String current;
    private boolean planar;
    private int rank;

    private final boolean resize;
    private long opset;

    private Embedder(Spec spec, PixelFormat format, boolean resize) {
        this.spec = spec;
        this.format = format;
        this.resize = resize;
    }

    /** Embeds {@code spec} (without its geometry) into {@code model} for pixels in {@code format}. */
    public static Result embed(Onnx.ModelProto model, Spec spec, PixelFormat format) {
        return new Embedder(spec, format, false).run(model);
    }

    /**
     * Embeds {@code spec} into {@code model} for pixels in {@code format}; with {@code embedResize} the spec's resize
     * becomes an ONNX {@code Resize} and the new input takes pixels of any height and width. Only an exact
     * {@code W×H} resize without crop can be embedded (the other size rules need the image size inside the graph),
     * with nearest, bilinear or bicubic, in models with ai.onnx opset 11 or newer. The result approximates pixelprep's
     * resize: see {@code resizeCaveats}.
     */
    public static Result embed(Onnx.ModelProto model, Spec spec, PixelFormat format, boolean embedResize) {
        return new Embedder(spec, format, embedResize).run(model);
    }

    private Result run(Onnx.ModelProto model) {
        GraphProto g = model.getGraph();
        for (Onnx.StringStringEntryProto e : model.getMetadataPropsList()) {
            if (e.getKey().equals(EMBEDDED_KEY)) {
                throw new InvalidModelException("the model already takes raw pixels (metadata_props '" + EMBEDDED_KEY
                        + "'); embed into the original model instead");
            }
        }
        opset = defaultOpset(model);
        if (opset < MIN_OPSET) {
            throw new InvalidModelException("the model imports ai.onnx opset " + opset + "; embedding needs opset " + MIN_OPSET
                    + " or newer (numpy-style broadcasting of Sub/Mul/Add)");
        }
        List<ValueInfoProto> inputs = ModelFile.realInputs(g);
        if (inputs.size() != 1) {
            throw new InvalidModelException("embedding needs a model with one input; this one has " + inputs.size() + ": " + namesOf(inputs));
        }
        ValueInfoProto old = inputs.get(0);
        checkFormatAndSpec();
        TypeProto.Tensor tt = old.getType().getTensorType();
        rank = tt.getShape().getDimCount();
        if (!old.getType().hasTensorType() || !tt.hasShape() || (rank != 3 && rank != 4)) {
            throw new InvalidModelException("model input `" + old.getName() + "` is not a rank-3 or rank-4 tensor");
        }
        if (rank != (spec.layout().batched() ? 4 : 3)) {
            throw new InvalidModelException("model input `" + old.getName() + "` has rank " + rank + " but the spec's layout "
                    + spec.layout() + " has rank " + (spec.layout().batched() ? 4 : 3));
        }
        int elem = tt.getElemType();
        int target;
        if (spec.dtype() == DType.FLOAT32 && elem == TensorProto.DataType.FLOAT_VALUE) {
            target = TensorProto.DataType.FLOAT_VALUE;
        } else if (spec.dtype() == DType.FLOAT16 && elem == TensorProto.DataType.FLOAT16_VALUE) {
            target = TensorProto.DataType.FLOAT16_VALUE;
        } else {
            throw new InvalidModelException("model input `" + old.getName() + "` is " + typeName(elem) + " and the spec produces "
                    + spec.dtype().id() + "; embedding writes float32 or float16 inputs and needs the two to agree");
        }
        planar = spec.layout().planar();
        List<TensorShapeProto.Dimension> dims = tt.getShape().getDimList();
        int off = rank - 3;
        TensorShapeProto.Dimension cDim = dims.get(off + (planar ? 0 : 2));
        TensorShapeProto.Dimension hDim = dims.get(off + (planar ? 1 : 0));
        TensorShapeProto.Dimension wDim = dims.get(off + (planar ? 2 : 1));
        if (!hDim.hasDimValue() || !wDim.hasDimValue() || hDim.getDimValue() <= 0 || wDim.getDimValue() <= 0) {
            throw new InvalidModelException("model input `" + old.getName() + "` has no fixed height and width " + shapeText(dims)
                    + "; embedding needs them for the pixel input");
        }
        if (cDim.hasDimValue() && cDim.getDimValue() != spec.channels()) {
            throw new InvalidModelException("model input `" + old.getName() + "` " + shapeText(dims) + " (" + spec.layout()
                    + ") has " + cDim.getDimValue() + " channel(s) but the spec's " + spec.color() + " has " + spec.channels());
        }
        if (hDim.getDimValue() > dev.pixelprep.core.geometry.Resize.MAX_SIDE || wDim.getDimValue() > dev.pixelprep.core.geometry.Resize.MAX_SIDE) {
            throw new InvalidModelException("model input `" + old.getName() + "` " + shapeText(dims) + " declares more than "
                    + dev.pixelprep.core.geometry.Resize.MAX_SIDE + " pixels per side");
        }
        int h = (int) hDim.getDimValue();
        int w = (int) wDim.getDimValue();
        if (resize) {
            checkResize(w, h);
        }
        MeanImage mean = spec.meanImage();
        if (mean != null && (mean.width() != w || mean.height() != h)) {
            throw new InvalidSpecException("mean image is " + mean.width() + "x" + mean.height() + " but the model input is " + w + "x" + h);
        }
        collectNames(g);

        // the new input: uint8 [N,H,W,P] (or [H,W,P] for an unbatched model)
        String input = unique("pixels");
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        long[] inputShape = new long[rank];
        if (rank == 4) {
            shape.addDim(dims.get(0));
            inputShape[0] = dims.get(0).hasDimValue() ? dims.get(0).getDimValue() : -1;
        }
        if (resize) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(unique("pixels_height")))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(unique("pixels_width")))
                    .addDim(dim(format.pixelStride()));
        } else {
            shape.addDim(dim(h)).addDim(dim(w)).addDim(dim(format.pixelStride()));
        }
        inputShape[off] = resize ? -1 : h;
        inputShape[off + 1] = resize ? -1 : w;
        inputShape[off + 2] = format.pixelStride();
        ValueInfoProto newInput = ValueInfoProto.newBuilder().setName(input).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.UINT8_VALUE).setShape(shape))).build();
        current = input;

        selectChannels();
        if (resize) {
            // ONNX Resize interpolates the last two axes of NCHW; an NHWC spec gets its layout back afterwards
            transpose(new long[] {0, 3, 1, 2}, "layout HWC -> CHW");
            castTo(TensorProto.DataType.FLOAT_VALUE, "Cast to float32");
            resizeNodes(h, w);
            if (!planar) {
                transpose(new long[] {0, 2, 3, 1}, "layout CHW -> HWC after the resize");
            }
        } else {
            if (planar) {
                transpose(rank == 4 ? new long[] {0, 3, 1, 2} : new long[] {2, 0, 1}, "layout HWC -> CHW");
            }
            castTo(TensorProto.DataType.FLOAT_VALUE, "Cast to float32");
        }
        affine(mean, h, w);
        if (target == TensorProto.DataType.FLOAT16_VALUE) {
            castTo(target, "Cast to float16");
        }
        // the last node writes the old input's name, so the original graph reads it unchanged
        NodeProto last = nodes.remove(nodes.size() - 1);
        nodes.add(last.toBuilder().setOutput(0, old.getName()).build());

        GraphProto.Builder gb = g.toBuilder();
        gb.clearNode().addAllNode(nodes).addAllNode(g.getNodeList());
        for (int i = 0; i < gb.getInputCount(); i++) {
            if (gb.getInput(i).getName().equals(old.getName())) {
                gb.setInput(i, newInput);
            }
        }
        gb.addValueInfo(old);
        gb.addAllInitializer(constants);
        if (model.getIrVersion() < 4) {
            for (TensorProto t : constants) {
                gb.addInput(valueInfo(t));
            }
        }
        if (!gb.hasName() || gb.getName().isEmpty()) {
            gb.setName(unique("graph"));
        }
        Onnx.ModelProto out = model.toBuilder().setGraph(gb).build();
        out = ModelFile.withoutMetadata(out, SpecResolver.METADATA_KEY);
        String description = "{\"input\": \"" + input + "\", \"pixel_format\": \"" + format + "\", \"spec\": "
                + SpecJson.write(resize ? spec : spec.toBuilder().geometry(null).build()).trim() + "}";
        out = ModelFile.withMetadata(out, EMBEDDED_KEY, description);
        return new Result(out, input, inputShape, List.copyOf(steps));
    }

    private void transpose(long[] perm, String what) {
        node("Transpose", "transpose", what + " (Transpose perm " + Arrays.toString(perm) + ")",
                AttributeProto.newBuilder().setName("perm").setType(AttributeProto.AttributeType.INTS).addAllInts(boxed(perm)).build());
    }

    private void checkResize(int w, int h) {
        Geometry g = spec.geometry();
        Resize r = g == null ? null : g.resize();
        if (r == null || r.mode() != ResizeMode.EXACT || g.crop() != null || g.then() != null) {
            throw new InvalidSpecException("only an exact WxH resize without crop can be embedded; "
                    + (g == null ? "the spec has no resize" : g + " needs the image size inside the graph")
                    + ": resize the pixels first and embed without the resize");
        }
        if (r.stride() != 0 || g.padValue() != null || g.padBatch()) {
            throw new InvalidSpecException("the spec pads the resized image (" + g + "); padding needs the image size inside the graph:"
                    + " prepare the pixels first and embed without the geometry");
        }
        if (r.width() != w || r.height() != h) {
            throw new InvalidSpecException("the spec resizes to " + r.width() + "x" + r.height() + " but the model input is " + w + "x" + h);
        }
        if (r.interpolation() != Interpolation.NEAREST && r.interpolation() != Interpolation.BILINEAR
                && r.interpolation() != Interpolation.BICUBIC) {
            throw new InvalidSpecException("ONNX Resize has no " + r.interpolation().id() + " kernel (only nearest, linear and cubic)");
        }
        if (opset < 11) {
            throw new InvalidModelException("the model imports ai.onnx opset " + opset + "; an embedded Resize needs opset 11 or newer"
                    + " (coordinate_transformation_mode) and the opset is never changed");
        }
        if (rank != 4) {
            throw new InvalidModelException("an embedded Resize needs a batched (rank-4) model input");
        }
        if (spec.color() == ColorOrder.GRAY && !format.isGray()) {
            throw new InvalidSpecException("gray from colour pixels is computed after the resize in pixelprep; embed it without the resize");
        }
    }

    /**
     * {@code Resize} to the model's size (sizes = the input's N and C, then H and W), then {@code Round} and
     * {@code Clip(0, 255)}, since pixelprep's resize writes rounded 8-bit pixels.
     */
    private void resizeNodes(int h, int w) {
        Resize r = spec.geometry().resize();
        String x = current;
        node("Shape", "resize_shape", null);
        String start = constant("resize_nc_start", TensorProto.DataType.INT64_VALUE, new long[] {1}, longs(new long[] {0}));
        String end = constant("resize_nc_end", TensorProto.DataType.INT64_VALUE, new long[] {1}, longs(new long[] {2}));
        node("Slice", "resize_nc", null, start, end);
        String hw = constant("resize_hw", TensorProto.DataType.INT64_VALUE, new long[] {2}, longs(new long[] {h, w}));
        node("Concat", "resize_sizes", null, hw, intAttr("axis", 0));
        String sizes = current;
        current = x;
        String roi = constant("resize_roi", TensorProto.DataType.FLOAT_VALUE, new long[] {0}, new byte[0]);
        String scales = constant("resize_scales", TensorProto.DataType.FLOAT_VALUE, new long[] {0}, new byte[0]);
        List<AttributeProto> attrs = new ArrayList<>();
        boolean nearest = r.interpolation() == Interpolation.NEAREST;
        boolean pillow = r.family() == ResizeFamily.PILLOW;
        attrs.add(stringAttr("mode", nearest ? "nearest" : r.interpolation() == Interpolation.BILINEAR ? "linear" : "cubic"));
        // Pillow's nearest takes floor((x + 0.5)·scale): half_pixel with ties rounded up; OpenCV and torch take floor(x·scale)
        attrs.add(stringAttr("coordinate_transformation_mode", nearest && !pillow ? "asymmetric" : "half_pixel"));
        if (nearest) {
            attrs.add(stringAttr("nearest_mode", pillow ? "round_prefer_ceil" : "floor"));
        }
        if (r.interpolation() == Interpolation.BICUBIC) {
            attrs.add(AttributeProto.newBuilder().setName("cubic_coeff_a").setType(AttributeProto.AttributeType.FLOAT)
                    .setF(pillow ? -0.5f : -0.75f).build());
            if (pillow) {
                // Pillow renormalises the taps inside the image
                attrs.add(intAttr("exclude_outside", 1));
            }
        }
        boolean aa = r.antialias() && !nearest;
        if (aa && opset >= 18) {
            attrs.add(intAttr("antialias", 1));
        }
        Object[] in = new Object[3 + attrs.size()];
        in[0] = roi;
        in[1] = scales;
        in[2] = sizes;
        for (int i = 0; i < attrs.size(); i++) {
            in[3 + i] = attrs.get(i);
        }
        node("Resize", "resize", "Resize to " + w + "x" + h + " (" + attrs.get(0).getS().toStringUtf8() + ", "
                + attrs.get(1).getS().toStringUtf8() + (aa && opset >= 18 ? ", antialias" : "") + ")", in);
        steps.add("resize caveat: " + resizeCaveats(r, aa, opset));
        node("Round", "resize_round", null);
        String lo = constant("pixel_min", TensorProto.DataType.FLOAT_VALUE, new long[0], floats(new float[] {0}));
        String hi = constant("pixel_max", TensorProto.DataType.FLOAT_VALUE, new long[0], floats(new float[] {255}));
        node("Clip", "resize_clip", "Round and Clip to 0..255, as 8-bit resized pixels", lo, hi);
    }

    /** Where the resize cannot match pixelprep's (and so the library the spec names) exactly. */
    static String resizeCaveats(Resize r, boolean antialias, long opset) {
        StringBuilder sb = new StringBuilder("approximate: ");
        if (antialias && opset < 18) {
            sb.append("no antialiasing (ONNX Resize has it from opset 18, this model imports ").append(opset)
                    .append("), so shrinking differs from ").append(r.family().id()).append(" much more than by rounding; ");
        }
        switch (r.family()) {
            case OPENCV:
                sb.append("OpenCV's fixed-point weights and rounding are never reproduced exactly");
                break;
            case PILLOW:
                sb.append("Pillow's fixed-point weights (and its antialias window) are computed in float here");
                break;
            default:
                sb.append("torchvision's float kernel is computed with ONNX Runtime's float arithmetic");
        }
        return sb.append("; expect a difference of one level on part of the pixels").toString();
    }

    private static AttributeProto stringAttr(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(v)).build();
    }

    private void checkFormatAndSpec() {
        if (format.isPackedInt() || format.isYuv()) {
            throw new InvalidSpecException("pixel format " + format + (format.isYuv() ? " is YUV planes" : " is packed into ints")
                    + "; embedding takes byte formats"
                    + " (RGBA8888, BGRA8888, ARGB8888, ABGR8888, RGBX8888, BGRX8888, RGB888, BGR888, GRAY8)");
        }
        if (format.hasAlpha() && spec.alpha().kind() != AlphaPolicy.Kind.DROP) {
            throw new InvalidSpecException("alpha policy " + spec.alpha() + " is not embedded; only drop (alpha ignored) is");
        }
        if (spec.quantization() != null) {
            throw new InvalidSpecException("a quantised spec is not embedded; embedding writes float inputs");
        }
    }

    /** Gather the tensor's channels out of the pixel bytes, or compute gray with the spec's luma formula. */
    private void selectChannels() {
        int p = format.pixelStride();
        if (spec.color() == ColorOrder.GRAY && !format.isGray()) {
            luma();
            return;
        }
        long[] idx;
        if (spec.color() == ColorOrder.GRAY) {
            idx = new long[] {0};
        } else if (format.isGray()) {
            idx = new long[] {0, 0, 0};
        } else if (spec.color() == ColorOrder.RGB) {
            idx = new long[] {format.redIndex(), format.greenIndex(), format.blueIndex()};
        } else {
            idx = new long[] {format.blueIndex(), format.greenIndex(), format.redIndex()};
        }
        boolean identity = idx.length == p;
        for (int i = 0; i < idx.length && identity; i++) {
            identity = idx[i] == i;
        }
        if (identity) {
            steps.add("channels: " + format + " bytes are already " + spec.color() + " (no Gather)");
            return;
        }
        String ind = constant("channel_indices", TensorProto.DataType.INT64_VALUE, new long[] {idx.length}, longs(idx));
        node("Gather", "channels", "channels " + spec.color() + " = bytes " + Arrays.toString(idx) + " of each " + format
                + " pixel (Gather axis " + (rank - 1) + ")", ind, intAttr("axis", rank - 1));
    }

    /** {@code (r·R + g·G + b·B + round) >> shift} in int32, exactly as the spec's {@link Luma}. */
    private void luma() {
        boolean pillow = spec.luma() == Luma.PILLOW;
        int[] weight = pillow ? new int[] {19595, 38470, 7471} : new int[] {9798, 19235, 3735};
        int[] index = {format.redIndex(), format.greenIndex(), format.blueIndex()};
        String pixels = current;
        String sum = null;
        for (int c = 0; c < 3; c++) {
            current = pixels;
            String ind = constant("luma_index", TensorProto.DataType.INT64_VALUE, new long[] {1}, longs(new long[] {index[c]}));
            node("Gather", "luma_channel", null, ind, intAttr("axis", rank - 1));
            castTo(TensorProto.DataType.INT32_VALUE, null);
            String wt = constant("luma_weight", TensorProto.DataType.INT32_VALUE, new long[0], ints(weight[c]));
            node("Mul", "luma_weighted", null, wt);
            if (sum != null) {
                String weighted = current;
                current = sum;
                node("Add", "luma_sum", null, weighted);
            }
            sum = current;
        }
        String half = constant("luma_round", TensorProto.DataType.INT32_VALUE, new long[0], ints(pillow ? 0x8000 : 0x4000));
        node("Add", "luma_rounded", null, half);
        String div = constant("luma_shift", TensorProto.DataType.INT32_VALUE, new long[0], ints(pillow ? 1 << 16 : 1 << 15));
        node("Div", "luma", null, div);
        steps.add("gray = (" + weight[0] + "·R + " + weight[1] + "·G + " + weight[2] + "·B + " + (pillow ? 0x8000 : 0x4000)
                + ") / " + (pillow ? 65536 : 32768) + " in int32 (" + spec.luma().id() + " luma, Gather/Cast/Mul/Add/Div)");
    }

    /** {@code a·(x − mean) + b}, with an inversion {@code 255 − x} folded into the constants. */
    private void affine(MeanImage mean, int h, int w) {
        int c = spec.channels();
        double[] a = spec.scale();
        double[] b = spec.bias();
        float[] m = mean == null ? null : mean.data();
        if (spec.invert()) {
            // a·(255 − x − m) + b = (−a)·(x − (255 − m)) + b, and without a mean a·(255 − x) + b = (−a)·x + (b + 255·a)
            for (int i = 0; i < c; i++) {
                if (m == null) {
                    b[i] += 255 * a[i];
                }
                a[i] = -a[i];
            }
            if (m != null) {
                for (int i = 0; i < m.length; i++) {
                    m[i] = 255 - m[i];
                }
            }
        }
        if (m != null) {
            float[] data = planar ? m : interleave(m, c, h, w);
            long[] shape = planar ? new long[] {c, h, w} : new long[] {h, w, c};
            String mi = constant("mean_image", TensorProto.DataType.FLOAT_VALUE, shape, floats(data));
            node("Sub", "minus_mean", "x − mean image " + Arrays.toString(shape) + (spec.invert() ? " (of the inverted pixels)" : "")
                    + " (Sub)", mi);
        }
        long[] perChannel = planar ? new long[] {c, 1, 1} : new long[] {c};
        if (!allEqual(a, 1)) {
            String k = constant("scale", TensorProto.DataType.FLOAT_VALUE, perChannel, floats(toFloats(a)));
            node("Mul", "scaled", "× " + fmt(a) + " per channel (Mul)", k);
        }
        if (!allEqual(b, 0)) {
            String k = constant("bias", TensorProto.DataType.FLOAT_VALUE, perChannel, floats(toFloats(b)));
            node("Add", "biased", "+ " + fmt(b) + " per channel (Add)", k);
        }
    }

    private static float[] interleave(float[] planarData, int c, int h, int w) {
        float[] out = new float[planarData.length];
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < plane; i++) {
                out[i * c + ch] = planarData[ch * plane + i];
            }
        }
        return out;
    }

    private void castTo(int type, String step) {
        node("Cast", "cast", step, intAttr("to", type));
    }

    /** Appends a node reading the current value (and {@code extra} inputs) and makes its output current. */
    private void node(String op, String what, String step, Object... inputsAndAttributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(unique("pixelprep/" + what)).addInput(current);
        for (Object o : inputsAndAttributes) {
            if (o instanceof String) {
                n.addInput((String) o);
            } else {
                n.addAttribute((AttributeProto) o);
            }
        }
        current = unique("pixelprep/" + what + "_out");
        n.addOutput(current);
        nodes.add(n.build());
        if (step != null) {
            steps.add(step);
        }
    }

    private String constant(String what, int type, long[] shape, byte[] raw) {
        String name = unique("pixelprep/" + what);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(raw));
        for (long d : shape) {
            t.addDims(d);
        }
        constants.add(t.build());
        return name;
    }

    private static ValueInfoProto valueInfo(TensorProto t) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : t.getDimsList()) {
            s.addDim(dim(d));
        }
        return ValueInfoProto.newBuilder().setName(t.getName()).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(t.getDataType()).setShape(s))).build();
    }

    private static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    private static TensorShapeProto.Dimension dim(long v) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(v).build();
    }

    private void collectNames(GraphProto g) {
        names.add(g.getName());
        for (NodeProto n : g.getNodeList()) {
            names.add(n.getName());
            names.addAll(n.getInputList());
            names.addAll(n.getOutputList());
        }
        for (TensorProto t : g.getInitializerList()) {
            names.add(t.getName());
        }
        for (List<ValueInfoProto> l : List.of(g.getInputList(), g.getOutputList(), g.getValueInfoList())) {
            for (ValueInfoProto v : l) {
                names.add(v.getName());
            }
        }
    }

    private String unique(String base) {
        String n = base;
        for (int i = 1; names.contains(n); i++) {
            n = base + "_" + i;
        }
        names.add(n);
        return n;
    }

    private static long defaultOpset(Onnx.ModelProto m) {
        for (Onnx.OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        throw new InvalidModelException("the model imports no ai.onnx opset");
    }

    private static String namesOf(List<ValueInfoProto> l) {
        List<String> n = new ArrayList<>();
        for (ValueInfoProto v : l) {
            n.add(v.getName());
        }
        return n.toString();
    }

    private static String shapeText(List<TensorShapeProto.Dimension> dims) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            TensorShapeProto.Dimension d = dims.get(i);
            sb.append(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.hasDimParam() ? d.getDimParam() : "?");
        }
        return sb.append(']').toString();
    }

    static String typeName(int elem) {
        TensorProto.DataType t = TensorProto.DataType.forNumber(elem);
        if (t == null) {
            return "type " + elem;
        }
        return t == TensorProto.DataType.FLOAT ? "float32" : t == TensorProto.DataType.DOUBLE ? "float64"
                : t.name().toLowerCase(Locale.ROOT);
    }

    private static boolean allEqual(double[] v, double x) {
        for (double d : v) {
            if (d != x) {
                return false;
            }
        }
        return true;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i > 0 ? ", " : "").append(String.format(Locale.ROOT, "%.6g", v[i]));
        }
        return sb.append(']').toString();
    }

    private static List<Long> boxed(long[] v) {
        List<Long> l = new ArrayList<>();
        for (long x : v) {
            l.add(x);
        }
        return l;
    }

    private static byte[] longs(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            b.putLong(x);
        }
        return b.array();
    }

    private static byte[] ints(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] floats(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }
}
