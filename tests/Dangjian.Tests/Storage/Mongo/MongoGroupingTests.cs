using Dangjian.Core.Documents;
using Dangjian.Core.Storage;
using Dangjian.Core.Storage.Mongo;
using MongoDB.Bson;

namespace Dangjian.Tests.Storage.Mongo;

/// <summary>The $group keys the MongoDB store aggregates by, rendered without a server.</summary>
public sealed class MongoGroupingTests
{
    [Fact]
    public void Months_of_instants_are_counted_in_china_time()
    {
        var key = MongoSchema.GroupKey(Kinds.ActivityLog.Field("occurredAt")!, new Grouping("occurredAt", GroupingUnit.Month));

        Assert.Equal(BsonDocument.Parse("{ '$dateToString': { format: '%Y-%m', date: '$occurredAt', timezone: '+08:00', onNull: null } }"), key);
    }

    [Fact]
    public void Months_of_dates_are_their_first_seven_characters_and_empty_dates_null()
    {
        var key = MongoSchema.GroupKey(Kinds.Directive.Field("issuedOn")!, new Grouping("issuedOn", GroupingUnit.Month));

        Assert.Equal(BsonDocument.Parse("{ '$cond': [ { '$eq': [ { '$type': '$issuedOn' }, 'string' ] }, { '$substrCP': [ '$issuedOn', 0, 7 ] }, null ] }"), key);
    }

    [Fact]
    public void Values_group_by_the_stored_field_and_ids_by_underscore_id()
    {
        Assert.Equal(new BsonString("$kind"), MongoSchema.GroupKey(Kinds.ActivityLog.Field("kind")!, new Grouping("kind")));
        Assert.Equal(new BsonString("$_id"), MongoSchema.GroupKey(Kinds.ActivityLog.Field("id")!, new Grouping("id")));
        Assert.Throws<NotSupportedException>(() => MongoSchema.GroupKey(Kinds.ActivityLog.Field("kind")!, new Grouping("kind", GroupingUnit.Month)));
    }

    [Fact]
    public void Group_keys_come_back_as_the_primitives_sqlite_returns()
    {
        var field = Kinds.ActivityLog.Field("occurredAt")!;
        Assert.Equal(1580515200000L, MongoValues.FromGroupKey(field, new Grouping("occurredAt"), new BsonDateTime(1580515200000L)));
        Assert.Equal("2020-02", MongoValues.FromGroupKey(field, new Grouping("occurredAt", GroupingUnit.Month), new BsonString("2020-02")));
        Assert.Null(MongoValues.FromGroupKey(field, new Grouping("occurredAt"), BsonNull.Value));
        Assert.Equal(12L, MongoValues.FromGroupKey(Kinds.ActivityLog.Field("participantCount")!, new Grouping("participantCount"), new BsonInt64(12)));
    }
}
