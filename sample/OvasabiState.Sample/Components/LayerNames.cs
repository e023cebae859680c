namespace OvasabiState.Sample.Components;

/// <summary>How the sample names the layers (the enum's names are for code).</summary>
public static class LayerNames
{
    public static string Of(StateLayer layer) => layer switch
    {
        StateLayer.Memory => "Memory",
        StateLayer.Session => "sessionStorage",
        StateLayer.Local => "localStorage",
        StateLayer.IndexedDb => "IndexedDB",
        _ => layer.ToString(),
    };
}
