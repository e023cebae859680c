using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Xunit;

namespace OvasabiState.Generators.Tests;

/// <summary>
/// Walks a pipeline value (by reflection over its fields) and fails on anything that ties it to
/// one compilation: symbols, syntax, locations, semantic models, compilations. Such objects
/// compare by reference, so a step holding them never caches, and they keep old compilations alive.
/// </summary>
internal static class ModelGraph
{
    private static readonly Type[] Forbidden =
    [
        typeof(Compilation), typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(SyntaxToken),
        typeof(SyntaxTrivia), typeof(SyntaxReference), typeof(SemanticModel), typeof(Location), typeof(AttributeData),
        typeof(TypedConstant), typeof(IOperation),
    ];

    public static void AssertPlainData(object? value, string path) =>
        Walk(value, path, new HashSet<object>(ReferenceEqualityComparer.Instance));

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null)
        {
            return;
        }

        var type = value.GetType();
        foreach (var forbidden in Forbidden)
        {
            Assert.False(forbidden.IsInstanceOfType(value), $"{path} is a {type.FullName}: pipeline models must hold plain data.");
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal)
        {
            return;
        }

        // Immutable and compared by value (id, texts, severity); it holds no compilation data.
        if (value is DiagnosticDescriptor)
        {
            return;
        }

        Assert.False(value is Delegate or Type or MemberInfo, $"{path} is a {type.FullName}: pipeline models must hold plain data.");
        if (!type.IsValueType && !visited.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            var index = 0;
            foreach (var item in sequence)
            {
                Walk(item, $"{path}[{index++}]", visited);
            }

            return;
        }

        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            foreach (var field in current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                Walk(field.GetValue(value), $"{path}.{field.Name}", visited);
            }
        }
    }
}
