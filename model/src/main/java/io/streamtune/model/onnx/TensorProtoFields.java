package io.streamtune.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of one {@code TensorProto} as read from the wire, before they become a {@link OnnxInitializers.Tensor}
 * or an int64 constant. Byte fields are views of the model's buffer, not copies.
 */
final class TensorProtoFields {

    static final int ONNX_FLOAT = 1;
    static final int ONNX_INT64 = 7;
    private static final int DATA_LOCATION_EXTERNAL = 1;

    final List<Long> dims = new ArrayList<>();
    final List<ByteBuffer> packedFloats = new ArrayList<>();
    final List<Long> int64s = new ArrayList<>();
    int dataType;
    String name = "";
    ByteBuffer raw;
    boolean external;

    private TensorProtoFields() {}

    static TensorProtoFields read(ProtoReader tensor) {
        TensorProtoFields fields = new TensorProtoFields();
        while (tensor.hasMore()) {
            int tag = tensor.readTag();
            int wire = tag & 7;
            switch (tag >>> 3) {
                case 1 -> readVarints(tensor, wire, fields.dims);
                case 2 -> fields.dataType = (int) tensor.readVarint();
                case 4 -> {
                    if (wire != ProtoReader.LENGTH_DELIMITED) {
                        throw new OnnxFormatException("unpacked float_data is not supported");
                    }
                    fields.packedFloats.add(tensor.readBytes());
                }
                case 7 -> readVarints(tensor, wire, fields.int64s);
                case 8 -> fields.name = tensor.readString();
                case 9 -> fields.raw = tensor.readBytes();
                case 14 -> fields.external = tensor.readVarint() == DATA_LOCATION_EXTERNAL;
                default -> tensor.skip(wire);
            }
        }
        return fields;
    }

    long[] shape() {
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    /** Bytes of float data stored inline, raw or packed. */
    long storedFloatBytes() {
        return raw != null ? raw.remaining() : packedFloats.stream().mapToLong(ByteBuffer::remaining).sum();
    }

    /** The values of an int64 tensor of at most {@code limit} values stored inline, else null. */
    long[] int64Values(int limit) {
        if (dataType != ONNX_INT64 || external) {
            return null;
        }
        if (raw == null) {
            return int64s.size() > limit ? null : int64s.stream().mapToLong(Long::longValue).toArray();
        }
        if (raw.remaining() % Long.BYTES != 0 || raw.remaining() > limit * Long.BYTES) {
            return null;
        }
        long[] values = new long[raw.remaining() / Long.BYTES];
        raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    private static void readVarints(ProtoReader reader, int wire, List<Long> out) {
        if (wire == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = reader.readMessage();
            while (packed.hasMore()) {
                out.add(packed.readVarint());
            }
        } else {
            out.add(reader.readVarint());
        }
    }
}
