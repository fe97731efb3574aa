using System.Text.Json;
using System.Text.Json.Serialization;

namespace RelationsTracker;

/// <summary>The JSON of the public contract: camelCase names, vocabulary as camelCase strings, no nulls.</summary>
public static class JsonConventions
{
    public static JsonSerializerOptions Apply(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
