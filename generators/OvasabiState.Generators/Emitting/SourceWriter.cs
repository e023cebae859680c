using System;
using System.Text;

namespace OvasabiState.Generators.Emitting;

/// <summary>A small indenting text writer for generated source (four spaces per level, LF endings).</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4);
        }

        _text.Append(line).Append('\n');
    }

    /// <summary>Writes several lines (split on LF), each at the current indentation.</summary>
    public void Lines(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }
    }

    public void Open(string line)
    {
        Line(line);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public IDisposable Block(string line)
    {
        Open(line);
        return new Closer(this);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer(SourceWriter writer) : IDisposable
    {
        public void Dispose() => writer.Close();
    }
}
