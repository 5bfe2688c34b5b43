using System.Buffers.Text;
using System.Text;
using Dangjian.Core;
using Dangjian.Core.Documents;
using Dangjian.Core.Reading;
using Dangjian.Core.Storage;

namespace Dangjian.Tests.Reading;

/// <summary>The one cursor codec and the keyset cursor on it, without a server: what a cursor holds and what it refuses.</summary>
public sealed class CursorTests
{
    private static readonly IReadOnlyList<SortField> ByTitle = [new("title", SortDirection.Ascending), new("id", SortDirection.Ascending)];

    private static string Forge(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Values_come_back_as_they_went_in()
    {
        var cursor = CursorCodec.Encode("Query.x", "a+", "文本", 42L, 7, 1.5, true, null);

        var values = CursorCodec.Decode("Query.x", "a+", cursor, 6, "after").Value;

        Assert.True(values.TryString(0, out var text));
        Assert.Equal("文本", text);
        Assert.True(values.TryInt64(1, out var big));
        Assert.Equal(42L, big);
        Assert.True(values.TryInt32(2, out var small));
        Assert.Equal(7, small);
        Assert.True(values.TryDouble(3, out var score));
        Assert.Equal(1.5, score);
        Assert.True(values.TryBoolean(4, out var flag));
        Assert.True(flag);
        Assert.True(values.IsNull(5));
    }

    [Fact]
    public void A_cursor_is_refused_by_another_connection_and_another_order()
    {
        var cursor = CursorCodec.Encode("Query.stories", "title+id+", "故事", "s1");

        var otherConnection = CursorCodec.Decode("Organization.stories:o1", "title+id+", cursor, 2, "after");
        var otherOrder = CursorCodec.Decode("Query.stories", "createdAt+id+", cursor, 2, "before");

        Assert.Equal(ErrorCodes.InvalidCursor, otherConnection.Error!.Code);
        Assert.Contains("different connection", otherConnection.Error.Message);
        Assert.Equal(["after"], otherConnection.Error.Path);
        Assert.Equal(ErrorCodes.InvalidCursor, otherOrder.Error!.Code);
        Assert.Contains("different order", otherOrder.Error.Message);
        Assert.Equal(["before"], otherOrder.Error.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor !")]
    [InlineData("bm9wZQ")] // "nope": base64url, not JSON
    [InlineData("e30")] // {}: JSON, not an array
    [InlineData("WyJRdWVyeS54Il0")] // ["Query.x"]: no order
    [InlineData("WzEsMl0")] // [1,2]: the connection and order are not strings
    public void Garbage_is_an_invalid_cursor(string cursor)
    {
        var result = CursorCodec.Decode("Query.x", "a+", cursor, 1, "after");

        Assert.Equal(ErrorCodes.InvalidCursor, result.Error!.Code);
    }

    [Fact]
    public void Too_long_and_wrong_length_cursors_are_invalid()
    {
        var tooLong = CursorCodec.Encode("Query.x", "a+", new string('x', CursorCodec.MaxLength));
        var short1 = CursorCodec.Encode("Query.x", "a+", "only one");

        Assert.Equal(ErrorCodes.InvalidCursor, CursorCodec.Decode("Query.x", "a+", tooLong, 1, "after").Error!.Code);
        Assert.Equal(ErrorCodes.InvalidCursor, CursorCodec.Decode("Query.x", "a+", short1, 2, "after").Error!.Code);
    }

    [Fact]
    public void Accessors_check_the_json_type_before_reading()
    {
        var values = CursorCodec.Decode("Query.x", "a+", Forge("""["Query.x","a+","12",12,1e400,null,"true"]"""), 5, "after").Value;

        Assert.False(values.TryInt64(0, out _)); // a string where a number belongs
        Assert.False(values.TryInt32(0, out _));
        Assert.False(values.TryDouble(0, out _));
        Assert.False(values.TryString(1, out _)); // a number where a string belongs
        Assert.False(values.TryDouble(2, out _)); // not finite
        Assert.False(values.TryInt64(2, out _));
        Assert.False(values.TryString(3, out _));
        Assert.False(values.TryBoolean(4, out _));
    }

    [Fact]
    public void A_keyset_cursor_holds_the_sort_values_and_decodes_them_by_field_type()
    {
        var story = new Story { Id = "s1", Title = "故事", Body = "", SubmittingOrganizationId = "o1", SubmittedAt = DateTimeOffset.UnixEpoch };
        var order = new List<SortField> { new("submittedAt", SortDirection.Descending), new("featured", SortDirection.Ascending), new("id", SortDirection.Ascending) };

        var cursor = Cursor.Encode(Kinds.Story, "Query.stories", order, story);
        var values = Cursor.Decode(Kinds.Story, "Query.stories", order, cursor, "after").Value;

        Assert.Equal([0L, false, "s1"], values);
    }

    [Theory]
    [InlineData("""["Query.stories","title+id+",1,"s1"]""")] // a number for a string field
    [InlineData("""["Query.stories","title+id+","故事",null]""")] // no id
    [InlineData("""["Query.stories","title+id+","故事",["s1"]]""")]
    public void A_keyset_cursor_with_a_value_of_the_wrong_type_is_invalid(string json)
    {
        var result = Cursor.Decode(Kinds.Story, "Query.stories", ByTitle, Forge(json), "after");

        Assert.Equal(ErrorCodes.InvalidCursor, result.Error!.Code);
    }

    [Fact]
    public void A_null_sort_value_is_kept_and_a_string_for_a_date_time_is_invalid()
    {
        var order = new List<SortField> { new("publishedAt", SortDirection.Ascending), new("id", SortDirection.Ascending) };

        Assert.Equal([null, "s1"], Cursor.Decode(Kinds.Story, "c", order, Forge("""["c","publishedAt+id+",null,"s1"]"""), "after").Value);
        Assert.Equal(ErrorCodes.InvalidCursor,
            Cursor.Decode(Kinds.Story, "c", order, Forge("""["c","publishedAt+id+","2020-01-01","s1"]"""), "after").Error!.Code);
    }
}
