using CsCheck;
using Marten.Services;
using RelationsTracker.Engagements.Recording;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Recording;

public sealed class JsonSlabTests
{
    private static readonly SystemTextJsonSerializer Serializer = new();

    [Fact]
    public void Every_document_written_reads_back_whole_however_the_documents_fall_across_segments()
    {
        // Lengths from empty to several segments, so that documents begun near a segment's end move to the next.
        var documents = Gen.OneOf(Gen.Int[0, 2_000], Gen.Int[100_000, 600_000])
            .Select(length => new { Text = new string('x', length), Length = length })
            .Array[1, 12];

        documents.Sample(values =>
        {
            using var slab = new JsonSlab(Serializer);

            var written = values.Select(value => slab.Write(value)).ToList();

            written.Select(json => System.Text.Encoding.UTF8.GetString(json.Span))
                .ShouldBe(values.Select(value => Serializer.ToJson(value)));
        }, iter: 50);
    }
}
