using Dangjian.Api.Features.ActivityLogs;
using Dangjian.Api.Features.Audit;
using Dangjian.Api.Features.Knowledge;
using Dangjian.Api.Features.Directives;
using Dangjian.Api.Features.Nodes;
using Dangjian.Api.Features.Organizations;
using Dangjian.Api.Features.Search;
using Dangjian.Api.Features.Stories;
using Dangjian.Api.Features.StudyMaterials;
using Dangjian.Api.GraphQL.Relay;
using Dangjian.Api.GraphQL.Subscriptions;
using Dangjian.Core.Documents;
using GraphQL.Types;
using Directive = Dangjian.Core.Documents.Directive;

namespace Dangjian.Api.GraphQL;

public sealed class DangjianSchema : Schema
{
    public DangjianSchema(IServiceProvider services) : base(services)
    {
        // The standard introspection query of graphql-js asks for these (see StandardIntrospection for the rest).
        Features.RepeatableDirectives = true;
        Features.DeprecationOfInputValues = true;
        Description = "Dangjian (党建): directives, study materials, branch activity logs and exemplary stories of party-building publicity work, and the links between them.";
        Query = new QueryType();
        Mutation = new MutationType();
        Subscription = new SubscriptionType();
        foreach (var (clr, graph) in EnumTypes.ByClrType)
            RegisterTypeMapping(clr, graph);
        RegisterTypeMapping(typeof(DateOnly), typeof(DateType));
        RegisterTypeMapping(typeof(DateTimeOffset), typeof(DateTimeType));
        // Types reachable only through the Node interface still belong in the schema.
        RegisterType(typeof(DirectiveSectionGraphType));
    }

    protected override void OnBeforeInitializeType(IGraphType graphType)
    {
        base.OnBeforeInitializeType(graphType);
        StandardIntrospection.Complete(graphType);
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        Description = "Everything a client can change. Each mutation takes one `input` and returns a payload with the changed document or typed `errors`; nothing is ever hard-deleted.";
        StoryMutations.Add(this);
        DirectiveMutations.Add(this);
        StudyMaterialMutations.Add(this);
        ActivityLogMutations.Add(this);
        OrganizationMutations.Add(this);
    }
}

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        Description = "Everything a client can read. Lists are Relay connections with HotChocolate-style `where` and `order`.";
        NodeQueries.Add(this);
        this.Connection<object?, OrganizationGraphType, Organization>("organizations", "Party organisations in the tree and outside issuers.");
        this.Connection<object?, DirectiveGraphType, Directive>("directives", "Directives (通知, 决定, 意见 …).");
        this.Connection<object?, StudyMaterialGraphType, StudyMaterial>("studyMaterials", "Study materials (学习资料).");
        this.Connection<object?, ActivityLogGraphType, ActivityLog>("activityLogs", "Branch activity logs (支部活动记录).");
        this.Connection<object?, StoryGraphType, Story>("stories", "Exemplary stories (先进典型和感人事迹).");
        AuditQueries.Add(this);
        StatisticsQueries.Add(this);
        TimelineQueries.Add(this);
        SearchQueries.Add(this);
        MarkdownPreviewQuery.Add(this);
    }
}
