using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace OvasabiState;

/// <summary>
/// Every layered type of the loaded assemblies. Each assembly's generated registry adds its
/// bindings from a module initializer, so nothing is found by scanning or reflection.
/// </summary>
public static class StateBindingRegistry
{
    private static readonly object Gate = new();
    private static IStateBinding[] s_bindings = [];

    /// <summary>The registered bindings, in registration order.</summary>
    public static IReadOnlyList<IStateBinding> All => Volatile.Read(ref s_bindings);

    /// <summary>Adds bindings (called by generated code); a binding already present is ignored.</summary>
    public static void Register(IEnumerable<IStateBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(bindings);
        lock (Gate)
        {
            var next = s_bindings.ToList();
            foreach (var binding in bindings)
            {
                if (!next.Any(b => b.StateType == binding.StateType))
                {
                    next.Add(binding);
                }
            }

            Volatile.Write(ref s_bindings, next.ToArray());
        }
    }

    /// <summary>The binding of <paramref name="type"/>, or null.</summary>
    public static IStateBinding? Find(Type type) => All.FirstOrDefault(b => b.StateType == type);

    /// <summary>The binding whose store is <paramref name="storeName"/>, or null.</summary>
    public static IStateBinding? FindStore(string storeName) =>
        All.FirstOrDefault(b => string.Equals(b.Schema.Name, storeName, StringComparison.Ordinal));
}
