using System.Text;
using Dangjian.Core.Documents;
using Microsoft.Data.Sqlite;

namespace Dangjian.Core.Storage.Sqlite;

/// <summary>
/// Turns a <see cref="Filter"/> into a SQL condition over a kind's table. Field names come only from the kind's
/// definitions (and are checked against them); every value becomes a parameter.
/// </summary>
internal sealed class SqliteFilterTranslator
{
    private readonly DocumentKind _kind;
    private readonly SqliteCommand _command;
    private readonly StringBuilder _sql = new();
    private int _aliases;

    private SqliteFilterTranslator(DocumentKind kind, SqliteCommand command)
    {
        _kind = kind;
        _command = command;
    }

    /// <summary>The condition text (over table alias <c>t</c>); parameters are added to <paramref name="command"/>.</summary>
    public static string Translate(DocumentKind kind, Filter filter, SqliteCommand command)
    {
        var translator = new SqliteFilterTranslator(kind, command);
        translator.Append(filter, element: null);
        return translator._sql.ToString();
    }

    private void Append(Filter filter, ElementScope? element)
    {
        switch (filter)
        {
            case AndFilter and:
                AppendJunction(and.Operands, " AND ", "1", element);
                break;
            case OrFilter or:
                AppendJunction(or.Operands, " OR ", "0", element);
                break;
            case NotFilter not:
                // COALESCE turns "unknown" (a null field) into "no match" before negating, as MongoDB does.
                _sql.Append("NOT COALESCE((");
                Append(not.Operand, element);
                _sql.Append("), 0)");
                break;
            case Condition condition:
                AppendCondition(condition, element);
                break;
            case ListCondition list:
                AppendList(list);
                break;
            default:
                throw new NotSupportedException($"Filter {filter.GetType().Name} is not supported.");
        }
    }

    private void AppendJunction(IReadOnlyList<Filter> operands, string separator, string empty, ElementScope? element)
    {
        if (operands.Count == 0)
        {
            _sql.Append(empty);
            return;
        }
        _sql.Append('(');
        for (var i = 0; i < operands.Count; i++)
        {
            if (i > 0)
                _sql.Append(separator);
            Append(operands[i], element);
        }
        _sql.Append(')');
    }

    private void AppendCondition(Condition condition, ElementScope? element)
    {
        string column;
        FieldDefinition field;
        if (element is not null)
        {
            if (condition.Field != ListCondition.Element)
                throw new NotSupportedException($"Inside a list condition only the element can be compared, not '{condition.Field}'.");
            column = $"{element.Alias}.value";
            field = element.Field;
        }
        else
        {
            field = RequireField(condition.Field);
            if (field.IsList)
                throw new NotSupportedException($"'{field.Name}' is a list: use some/all/none/any.");
            column = SqliteSchema.Column(field);
        }

        var value = condition.Value;
        switch (condition.Operator)
        {
            case Operator.Eq when value is null:
                _sql.Append(column).Append(" IS NULL");
                break;
            case Operator.Eq:
                _sql.Append(column).Append(" = ").Append(Parameter(field, value));
                break;
            case Operator.In:
                AppendIn(column, field, (IEnumerable<object?>)value!);
                break;
            case Operator.Gt or Operator.Gte or Operator.Lt or Operator.Lte:
                _sql.Append(column).Append(condition.Operator switch
                {
                    Operator.Gt => " > ",
                    Operator.Gte => " >= ",
                    Operator.Lt => " < ",
                    _ => " <= ",
                }).Append(Parameter(field, value ?? throw new ArgumentException($"{condition.Operator} needs a value.")));
                break;
            case Operator.Contains:
                _sql.Append("instr(").Append(column).Append(", ").Append(Parameter(field, value)).Append(") > 0");
                break;
            case Operator.StartsWith:
                {
                    var p = Parameter(field, value);
                    _sql.Append($"substr({column}, 1, length({p})) = {p}");
                    break;
                }
            case Operator.EndsWith:
                {
                    var p = Parameter(field, value);
                    _sql.Append($"({column} IS NOT NULL AND (length({p}) = 0 OR substr({column}, -length({p})) = {p}))");
                    break;
                }
            default:
                throw new NotSupportedException($"Operator {condition.Operator} is not supported.");
        }
    }

    private void AppendIn(string column, FieldDefinition field, IEnumerable<object?> values)
    {
        var list = values.ToList();
        var nonNull = list.Where(v => v is not null).ToList();
        var hasNull = nonNull.Count != list.Count;
        if (nonNull.Count == 0)
        {
            _sql.Append(hasNull ? $"{column} IS NULL" : "0");
            return;
        }
        _sql.Append('(');
        if (hasNull)
            _sql.Append(column).Append(" IS NULL OR ");
        _sql.Append(column).Append(" IN (");
        for (var i = 0; i < nonNull.Count; i++)
        {
            if (i > 0)
                _sql.Append(", ");
            _sql.Append(Parameter(field, nonNull[i]));
        }
        _sql.Append("))");
    }

    private void AppendList(ListCondition list)
    {
        var field = RequireField(list.Field);
        if (!field.IsList)
            throw new NotSupportedException($"'{field.Name}' is not a list.");
        var alias = $"x{_aliases++}";
        var from = $"SELECT 1 FROM \"{SqliteSchema.ListTable(_kind, field)}\" {alias} WHERE {alias}.id = t.id";
        switch (list.Quantifier)
        {
            case ListQuantifier.Any:
                _sql.Append($"EXISTS ({from})");
                break;
            case ListQuantifier.Some or ListQuantifier.None:
                _sql.Append(list.Quantifier == ListQuantifier.None ? "NOT EXISTS (" : "EXISTS (").Append(from);
                if (list.ElementFilter is not null)
                {
                    _sql.Append(" AND ");
                    Append(list.ElementFilter, new ElementScope(alias, field));
                }
                _sql.Append(')');
                break;
            case ListQuantifier.All:
                _sql.Append("NOT EXISTS (").Append(from);
                if (list.ElementFilter is not null)
                {
                    _sql.Append(" AND NOT COALESCE((");
                    Append(list.ElementFilter, new ElementScope(alias, field));
                    _sql.Append("), 0)");
                }
                else
                {
                    _sql.Append(" AND 0");
                }
                _sql.Append(')');
                break;
            default:
                throw new NotSupportedException($"Quantifier {list.Quantifier} is not supported.");
        }
    }

    private string Parameter(FieldDefinition field, object? value)
    {
        var name = $"@f{_command.Parameters.Count}";
        _command.Parameters.AddWithValue(name, field.Normalize(value) ?? DBNull.Value);
        return name;
    }

    private FieldDefinition RequireField(string name) =>
        _kind.Field(name) ?? throw new NotSupportedException($"{_kind} has no field '{name}'.");

    private sealed record ElementScope(string Alias, FieldDefinition Field);
}
