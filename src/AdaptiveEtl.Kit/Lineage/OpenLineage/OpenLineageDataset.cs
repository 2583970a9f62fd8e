using System.Text.Json;
using System.Text.Json.Serialization;

namespace AdaptiveEtl.Kit.Lineage.OpenLineage;

/// <summary>An input or output dataset of an OpenLineage event, with its facets.</summary>
public sealed class OpenLineageDataset
{
    /// <summary>Dataset namespace (e.g. <c>postgres://host:5432</c>, <c>duckdb</c>).</summary>
    [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";

    /// <summary>Dataset name (e.g. <c>staging.orders</c>).</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>Dataset facets.</summary>
    [JsonPropertyName("facets")] public OpenLineageDatasetFacets? Facets { get; set; }
}

/// <summary>Dataset facets: the kit models <c>columnLineage</c> and <c>schema</c>; others are kept as raw JSON.</summary>
public sealed class OpenLineageDatasetFacets
{
    /// <summary>The <c>columnLineage</c> facet (output datasets).</summary>
    [JsonPropertyName("columnLineage")] public ColumnLineageFacet? ColumnLineage { get; set; }

    /// <summary>The <c>schema</c> facet.</summary>
    [JsonPropertyName("schema")] public SchemaFacet? Schema { get; set; }

    /// <summary>Facets the kit does not model.</summary>
    [JsonExtensionData] public Dictionary<string, JsonElement>? Other { get; set; }
}

/// <summary>The <c>columnLineage</c> dataset facet (ColumnLineageDatasetFacet 1-2-0): output column → input fields with transformations.</summary>
public sealed class ColumnLineageFacet
{
    /// <summary>Producer URI.</summary>
    [JsonPropertyName("_producer")] public string Producer { get; set; } = OpenLineageEvent.KitProducer;

    /// <summary>Facet schema URL.</summary>
    [JsonPropertyName("_schemaURL")] public string SchemaUrl { get; set; } = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet";

    /// <summary>Per output column, the input fields it comes from.</summary>
    [JsonPropertyName("fields")] public Dictionary<string, ColumnLineageField> Fields { get; set; } = new();
}

/// <summary>The input fields of one output column.</summary>
public sealed class ColumnLineageField
{
    /// <summary>Input fields.</summary>
    [JsonPropertyName("inputFields")] public List<ColumnLineageInputField> InputFields { get; set; } = new();
}

/// <summary>One input column of an output column, with how it is used.</summary>
public sealed class ColumnLineageInputField
{
    /// <summary>Input dataset namespace.</summary>
    [JsonPropertyName("namespace")] public string Namespace { get; set; } = "";

    /// <summary>Input dataset name.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>Input column.</summary>
    [JsonPropertyName("field")] public string Field { get; set; } = "";

    /// <summary>How the input is used (DIRECT/INDIRECT with a subtype).</summary>
    [JsonPropertyName("transformations")] public List<ColumnLineageTransformation>? Transformations { get; set; }
}

/// <summary>A transformation of the column-lineage facet: <c>type</c> DIRECT or INDIRECT, <c>subtype</c> IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, GROUP_BY, FILTER, SORT, WINDOW, CONDITIONAL.</summary>
public sealed class ColumnLineageTransformation
{
    /// <summary>DIRECT or INDIRECT.</summary>
    [JsonPropertyName("type")] public string Type { get; set; } = "DIRECT";

    /// <summary>Subtype (IDENTITY, TRANSFORMATION, AGGREGATION, JOIN, GROUP_BY, FILTER, SORT, WINDOW, CONDITIONAL).</summary>
    [JsonPropertyName("subtype")] public string? Subtype { get; set; }

    /// <summary>Free text.</summary>
    [JsonPropertyName("description")] public string? Description { get; set; }

    /// <summary>Whether the transformation masks the input.</summary>
    [JsonPropertyName("masking")] public bool? Masking { get; set; }

    /// <summary>The transformation describing a <see cref="DependencyKind"/>.</summary>
    public static ColumnLineageTransformation From(DependencyKind kind) => kind switch
    {
        DependencyKind.DirectCopy => new() { Type = "DIRECT", Subtype = "IDENTITY" },
        DependencyKind.Transformation => new() { Type = "DIRECT", Subtype = "TRANSFORMATION" },
        DependencyKind.Window => new() { Type = "DIRECT", Subtype = "TRANSFORMATION", Description = "window function" },
        DependencyKind.Aggregation => new() { Type = "DIRECT", Subtype = "AGGREGATION" },
        DependencyKind.JoinKey => new() { Type = "INDIRECT", Subtype = "JOIN" },
        DependencyKind.GroupKey => new() { Type = "INDIRECT", Subtype = "GROUP_BY" },
        DependencyKind.Sort => new() { Type = "INDIRECT", Subtype = "SORT" },
        DependencyKind.SetOperation => new() { Type = "INDIRECT", Subtype = "FILTER", Description = "set operation" },
        _ => new() { Type = "INDIRECT", Subtype = "FILTER" },
    };

    /// <summary>The <see cref="DependencyKind"/> this transformation stands for.</summary>
    public DependencyKind ToDependencyKind() => (Type?.ToUpperInvariant(), Subtype?.ToUpperInvariant()) switch
    {
        ("DIRECT", "IDENTITY") => DependencyKind.DirectCopy,
        ("DIRECT", "AGGREGATION") => DependencyKind.Aggregation,
        ("DIRECT", "TRANSFORMATION") when Description == "window function" => DependencyKind.Window,
        ("DIRECT", _) => DependencyKind.Transformation,
        (_, "JOIN") => DependencyKind.JoinKey,
        (_, "GROUP_BY") => DependencyKind.GroupKey,
        (_, "SORT") => DependencyKind.Sort,
        (_, "FILTER") when Description == "set operation" => DependencyKind.SetOperation,
        _ => DependencyKind.Filter,
    };
}

/// <summary>The <c>schema</c> dataset facet: the dataset's fields.</summary>
public sealed class SchemaFacet
{
    /// <summary>Producer URI.</summary>
    [JsonPropertyName("_producer")] public string Producer { get; set; } = OpenLineageEvent.KitProducer;

    /// <summary>Facet schema URL.</summary>
    [JsonPropertyName("_schemaURL")] public string SchemaUrl { get; set; } = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";

    /// <summary>Fields.</summary>
    [JsonPropertyName("fields")] public List<SchemaField> Fields { get; set; } = new();
}

/// <summary>One field of a <see cref="SchemaFacet"/>.</summary>
public sealed class SchemaField
{
    /// <summary>Field name.</summary>
    [JsonPropertyName("name")] public string Name { get; set; } = "";

    /// <summary>Field type.</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }
}
