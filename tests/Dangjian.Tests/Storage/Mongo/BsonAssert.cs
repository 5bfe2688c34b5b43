using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>
/// Renders what the MongoDB adapter builds (filters, sorts, index keys) to BSON the way the driver does before it sends
/// a command, with no server, and compares it with the expected document type for type (int64 is not int32, a date is
/// not a number, a regex is not a string).
/// </summary>
internal static class BsonAssert
{
    private static JsonWriterSettings Canonical => new() { OutputMode = JsonOutputMode.CanonicalExtendedJson };

    public static RenderArgs<BsonDocument> Args => new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    public static BsonDocument Render(Filter filter, DocumentKind? kind = null) =>
        MongoFilterTranslator.Translate(kind ?? Kinds.Story, filter).Render(Args);

    public static BsonDocument Render(FilterDefinition<BsonDocument> filter) => filter.Render(Args);

    /// <summary><paramref name="expected"/> in MongoDB shell syntax (NumberLong(5), ISODate("…"), /regex/).</summary>
    public static void Equal(string expected, BsonDocument actual) => Equal(BsonDocument.Parse(expected), actual);

    public static void Equal(BsonDocument expected, BsonDocument actual) =>
        Assert.Equal(expected.ToJson(Canonical), actual.ToJson(Canonical));

    public static void Renders(string expected, Filter filter, DocumentKind? kind = null) => Equal(expected, Render(filter, kind));

    public static void Renders(BsonDocument expected, Filter filter, DocumentKind? kind = null) => Equal(expected, Render(filter, kind));
}
