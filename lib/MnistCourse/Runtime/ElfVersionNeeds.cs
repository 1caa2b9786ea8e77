// This file is compiled twice: into the library (TorchRuntime patches a copy at load time in hosts outside this
// repository) and by MSBuild as an inline task (Directory.Build.targets) that patches libLibTorchSharp.so in bin/
// after every build. It therefore uses explicit usings and no library types.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace MnistCourse.Runtime
{
    /// <summary>One entry of an ELF shared library's .gnu.version_r: "this library needs VERSION from FILE".</summary>
    /// (A class, not a record: MSBuild compiles this file against netstandard, which lacks init-only setters.)
    internal sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, bool isWeak, long flagsOffset)
        {
            File = file; Version = version; IsWeak = isWeak; FlagsOffset = flagsOffset;
        }
        public string File { get; }
        public string Version { get; }
        public bool IsWeak { get; }
        public long FlagsOffset { get; }
        public override string ToString() => $"{File} {Version}{(IsWeak ? " (weak)" : "")}";
    }

    /// <summary>
    /// Reads and edits the version needs of a 64-bit little-endian ELF file.
    /// libLibTorchSharp.so (TorchSharp 0.107, built with GCC 13) needs GLIBCXX_3.4.32 only for
    /// std::ios_base_library_init(), a symbol GCC 13 references just to pin that version; nothing
    /// relocates against it. Marking that need weak lets the library load on libstdc++ 3.4.30
    /// (Debian 12) and changes nothing where libstdc++ is newer.
    /// </summary>
    internal static class ElfVersionNeeds
    {
        /// <summary>Version needs that are safe to weaken (see the class summary for why).</summary>
        public static readonly string[] WeakenableVersions = { "GLIBCXX_3.4.32" };

        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVerdef = 0x6ffffffd;
        const ushort VerFlagWeak = 0x2;

        public static IReadOnlyList<ElfVersionNeed> Read(string path) => Read(File.ReadAllBytes(path), path);

        public static IReadOnlyList<ElfVersionNeed> Read(byte[] elf, string name)
        {
            var needs = new List<ElfVersionNeed>();
            foreach (var (offset, count, strtab) in Sections(elf, name, ShtGnuVerneed))
            {
                long vn = offset;
                for (uint i = 0; i < count; i++)
                {
                    int auxCount = U16(elf, vn + 2, name);
                    string file = CString(elf, strtab + U32(elf, vn + 4, name), name);
                    long aux = vn + U32(elf, vn + 8, name);
                    for (int j = 0; j < auxCount; j++)
                    {
                        int flags = U16(elf, aux + 4, name);
                        string version = CString(elf, strtab + U32(elf, aux + 8, name), name);
                        needs.Add(new ElfVersionNeed(file, version, (flags & VerFlagWeak) != 0, aux + 4));
                        aux += U32(elf, aux + 12, name);
                    }
                    vn += U32(elf, vn + 12, name);
                }
            }
            return needs;
        }

        /// <summary>The versions an ELF library defines (.gnu.version_d), e.g. GLIBCXX_3.4.30 for Debian 12's libstdc++.</summary>
        public static IReadOnlyList<string> ReadDefinitions(string path)
        {
            byte[] elf = File.ReadAllBytes(path);
            var versions = new List<string>();
            foreach (var (offset, count, strtab) in Sections(elf, path, ShtGnuVerdef))
            {
                long vd = offset;
                for (uint i = 0; i < count; i++)
                {
                    long aux = vd + U32(elf, vd + 12, path);
                    versions.Add(CString(elf, strtab + U32(elf, aux, path), path));
                    vd += U32(elf, vd + 16, path);
                }
            }
            return versions;
        }

        /// <summary>Each section of <paramref name="type"/>: where it starts, its entry count (sh_info) and its string table.</summary>
        static List<(long Offset, uint Count, long StringTable)> Sections(byte[] elf, string name, uint type)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
                throw new InvalidDataException($"{name}: not an ELF file");
            if (elf[4] != 2 || elf[5] != 1)
                throw new InvalidDataException($"{name}: only 64-bit little-endian ELF is supported");

            long shoff = (long)U64(elf, 0x28, name);
            int shentsize = U16(elf, 0x3A, name);
            int shnum = U16(elf, 0x3C, name);
            var sections = new List<(long, uint, long)>();
            for (int s = 0; s < shnum; s++)
            {
                long sh = shoff + (long)s * shentsize;
                if (U32(elf, sh + 4, name) != type) continue;
                uint link = U32(elf, sh + 0x28, name);
                sections.Add(((long)U64(elf, sh + 0x18, name), U32(elf, sh + 0x2C, name), (long)U64(elf, shoff + link * (long)shentsize + 0x18, name)));
            }
            return sections;
        }

        /// <summary>
        /// The strong needs of <paramref name="library"/> on <paramref name="dependency"/> that the given copy of the
        /// dependency does not define: what would make the dynamic loader refuse the library.
        /// </summary>
        public static IReadOnlyList<string> UnmetNeeds(string library, string dependency)
        {
            var defined = new HashSet<string>(ReadDefinitions(dependency));
            // The need names the soname (libstdc++.so.6); the file may be its target (libstdc++.so.6.0.30).
            string name = Path.GetFileName(dependency);
            var unmet = new List<string>();
            foreach (var need in Read(library))
                if (!need.IsWeak && name.StartsWith(need.File, StringComparison.Ordinal) && !defined.Contains(need.Version)) unmet.Add(need.Version);
            return unmet;
        }

        /// <summary>The libstdc++ this process has loaded (the .NET runtime links it), or null.</summary>
        public static string? LoadedLibstdcxx()
        {
            const string maps = "/proc/self/maps";
            if (!File.Exists(maps)) return null;
            foreach (string line in File.ReadLines(maps))
            {
                int slash = line.IndexOf('/');
                if (slash >= 0 && line.EndsWith("/libstdc++.so.6", StringComparison.Ordinal)) return line.Substring(slash);
                if (slash >= 0 && line.IndexOf("/libstdc++.so.6.", StringComparison.Ordinal) > 0) return line.Substring(slash);
            }
            return null;
        }

        /// <summary>
        /// Marks the weakenable version needs of <paramref name="path"/> weak. Idempotent; writes a temp
        /// file and renames it over the original so a crash never leaves a half-written library.
        /// Returns the versions it changed (empty when there was nothing to do).
        /// </summary>
        public static IReadOnlyList<string> WeakenKnownNeeds(string path)
        {
            byte[] elf = File.ReadAllBytes(path);
            var changed = new List<string>();
            foreach (var need in Read(elf, path))
            {
                if (need.IsWeak || Array.IndexOf(WeakenableVersions, need.Version) < 0) continue;
                elf[need.FlagsOffset] |= (byte)VerFlagWeak;
                changed.Add(need.Version);
            }
            if (changed.Count == 0) return changed;

            string temp = path + ".patching";
            File.WriteAllBytes(temp, elf);
            File.Replace(temp, path, null); // a rename: readers see the old or the new file, never half of one
            return changed;
        }

        static ulong U64(byte[] b, long at, string name) { Check(b, at, 8, name); return BitConverter.ToUInt64(b, (int)at); }
        static uint U32(byte[] b, long at, string name) { Check(b, at, 4, name); return BitConverter.ToUInt32(b, (int)at); }
        static ushort U16(byte[] b, long at, string name) { Check(b, at, 2, name); return BitConverter.ToUInt16(b, (int)at); }

        static string CString(byte[] b, long at, string name)
        {
            Check(b, at, 1, name);
            int end = Array.IndexOf(b, (byte)0, (int)at);
            if (end < 0) throw new InvalidDataException($"{name}: unterminated string in ELF string table");
            return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
        }

        static void Check(byte[] b, long at, int size, string name)
        {
            if (at < 0 || at + size > b.Length) throw new InvalidDataException($"{name}: truncated ELF file");
        }
    }

#if !MNISTCOURSE_LIBRARY
    /// <summary>MSBuild task: weakens the known version needs of the given native libraries.</summary>
    public sealed class WeakenElfVersionNeeds : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        public override bool Execute()
        {
            foreach (var item in Files)
            {
                string path = item.ItemSpec;
                if (!File.Exists(path)) continue;
                var changed = ElfVersionNeeds.WeakenKnownNeeds(path);
                if (changed.Count > 0)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                        $"MnistCourse: marked {string.Join(", ", changed)} weak in {path} (lets TorchSharp load on older libstdc++)");
                // Whatever the patch did, say so loudly when the library still needs what this system lacks.
                string? libstdcxx = ElfVersionNeeds.LoadedLibstdcxx();
                if (libstdcxx == null) continue;
                var unmet = ElfVersionNeeds.UnmetNeeds(path, libstdcxx);
                if (unmet.Count > 0)
                    Log.LogWarning(
                        $"MnistCourse: {path} still needs {string.Join(", ", unmet)}, which this system's libstdc++ ({libstdcxx}) " +
                        "lacks, and the build's patch could not mark it weak: TorchSharp will fail to load. Use a distribution " +
                        "with GCC 13's libstdc++ or newer (Debian 13, Ubuntu 24.04), or see README, Troubleshooting.");
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
