using System.Buffers;
using Marten;

namespace RelationsTracker.Engagements.Recording;

/// <summary>
/// Pooled memory that a batch or an import writes the stored JSON of its engagements into, one document after another,
/// instead of an array per document. The documents live until they are written, long enough for the garbage collector
/// to copy them into its older generations, a large part of its work during an import; pooled segments are neither
/// allocated nor copied. Each document stays contiguous. A slab is not thread-safe: one per range of engagements,
/// disposed once they are written, when it gives its segments back.
/// </summary>
public sealed class JsonSlab : IBufferWriter<byte>, IDisposable
{
    private const int SegmentSize = 128 * 1024;

    // Bounded: an import has a few chunks in flight and the server a batch per request being recorded, each with a
    // few segments per slab; beyond 256 segments of a size, the pool lets the ones given back be collected.
    private static readonly ArrayPool<byte> Segments = ArrayPool<byte>.Create(maxArrayLength: 4 * SegmentSize, maxArraysPerBucket: 256);

    private readonly ISerializer _serializer;
    private readonly List<byte[]> _segments = [];
    private byte[] _segment = [];
    private int _start;
    private int _end;

    public JsonSlab(ISerializer serializer) => _serializer = serializer;

    /// <summary>Writes a value as the store serialises it; the bytes stay valid until the slab is disposed.</summary>
    public ReadOnlyMemory<byte> Write(object value)
    {
        _start = _end;
        _serializer.WriteTo(this, value);
        return _segment.AsMemory(_start, _end - _start);
    }

    public void Advance(int count) => _end += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _segment.AsMemory(_end);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _segment.AsSpan(_end);
    }

    /// <summary>Room for at least <paramref name="sizeHint"/> more bytes, moving the document begun so far to a new segment if need be.</summary>
    private void Reserve(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_segment.Length - _end >= needed)
        {
            return;
        }

        var begun = _end - _start;
        var next = Segments.Rent(Math.Max(SegmentSize, 2 * (begun + needed)));
        _segment.AsSpan(_start, begun).CopyTo(next);
        _segments.Add(next);
        (_segment, _start, _end) = (next, 0, begun);
    }

    public void Dispose()
    {
        foreach (var segment in _segments)
        {
            Segments.Return(segment);
        }

        _segments.Clear();
        (_segment, _start, _end) = ([], 0, 0);
    }
}
