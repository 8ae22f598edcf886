using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace AgentPlatform.ArchitectureTests.Support;

/// <summary>A type of the scanned assembly (<see cref="FromType"/>, top level) names <see cref="Type"/> of <see cref="Assembly"/>.</summary>
internal sealed record TypeReference(string FromType, string Assembly, string Type);

/// <summary>
/// Lists, for each top-level type of an assembly, the types of other assemblies it names: base type,
/// interfaces, generic constraints, attributes, signatures of fields, methods, properties, events and
/// locals, catch clauses, and every type, method and field token in method bodies. Nested types
/// (lambdas, async state machines) count as their outermost type. Unlike NetArchTest, which skips types
/// declared in <c>System*</c> and <c>Microsoft*</c> namespaces, this sees every type of the assembly.
/// Not seen: <c>typeof(...)</c> arguments of attributes (stored as strings).
/// </summary>
internal static class TypeReferenceScanner
{
    private static readonly Dictionary<ushort, OperandType> OperandTypes = BuildOperandTable();

    public static IReadOnlyList<TypeReference> Scan(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var found = new HashSet<TypeReference>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var collector = new Collector(reader, pe);
            collector.VisitType(handle);
            var owner = OutermostName(reader, handle);
            foreach (var reference in collector.References)
            {
                if (Describe(reader, reference) is ({ } referencedAssembly, var name))
                {
                    found.Add(new TypeReference(owner, referencedAssembly, name));
                }
            }
        }

        return [.. found];
    }

    private static string OutermostName(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (!type.GetDeclaringType().IsNil)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        var ns = reader.GetString(type.Namespace);
        var name = reader.GetString(type.Name);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    /// <summary>The referenced assembly and the type's full name (nested types as <c>Outer+Inner</c>); no assembly for types of this module.</summary>
    private static (string? Assembly, string Name) Describe(MetadataReader reader, TypeReferenceHandle handle)
    {
        var reference = reader.GetTypeReference(handle);
        var name = reader.GetString(reference.Name);
        var scope = reference.ResolutionScope;
        if (scope.Kind == HandleKind.TypeReference)
        {
            var (assembly, outer) = Describe(reader, (TypeReferenceHandle)scope);
            return (assembly, $"{outer}+{name}");
        }

        var ns = reader.GetString(reference.Namespace);
        var fullName = ns.Length == 0 ? name : $"{ns}.{name}";
        return scope.Kind == HandleKind.AssemblyReference
            ? (reader.GetString(reader.GetAssemblyReference((AssemblyReferenceHandle)scope).Name), fullName)
            : (null, fullName);
    }

    private static Dictionary<ushort, OperandType> BuildOperandTable()
    {
        var table = new Dictionary<ushort, OperandType>();
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field.GetValue(null) is OpCode code)
            {
                table.TryAdd(unchecked((ushort)code.Value), code.OperandType);
            }
        }

        return table;
    }

    private sealed class Collector(MetadataReader reader, PEReader pe) : ISignatureTypeProvider<bool, object?>
    {
        public HashSet<TypeReferenceHandle> References { get; } = [];

        public void VisitType(TypeDefinitionHandle handle)
        {
            var type = reader.GetTypeDefinition(handle);
            Visit(type.BaseType);
            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Visit(reader.GetInterfaceImplementation(implementation).Interface);
            }

            VisitGenericParameters(type.GetGenericParameters());
            VisitAttributes(type.GetCustomAttributes());

            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                field.DecodeSignature(this, null);
                VisitAttributes(field.GetCustomAttributes());
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                property.DecodeSignature(this, null);
                VisitAttributes(property.GetCustomAttributes());
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var definition = reader.GetEventDefinition(eventHandle);
                Visit(definition.Type);
                VisitAttributes(definition.GetCustomAttributes());
            }

            foreach (var methodHandle in type.GetMethods())
            {
                VisitMethod(reader.GetMethodDefinition(methodHandle));
            }
        }

        private void VisitMethod(MethodDefinition method)
        {
            method.DecodeSignature(this, null);
            VisitAttributes(method.GetCustomAttributes());
            VisitGenericParameters(method.GetGenericParameters());
            foreach (var parameter in method.GetParameters())
            {
                VisitAttributes(reader.GetParameter(parameter).GetCustomAttributes());
            }

            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(this, null);
            }

            foreach (var region in body.ExceptionRegions)
            {
                Visit(region.CatchType);
            }

            VisitIl(body.GetILReader());
        }

        private void VisitIl(BlobReader il)
        {
            while (il.RemainingBytes > 0)
            {
                ushort code = il.ReadByte();
                if (code == 0xFE)
                {
                    code = (ushort)(0xFE00 | il.ReadByte());
                }

                switch (OperandTypes[code])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                        il.Offset += 1;
                        break;
                    case OperandType.InlineVar:
                        il.Offset += 2;
                        break;
                    case OperandType.InlineI8 or OperandType.InlineR:
                        il.Offset += 8;
                        break;
                    case OperandType.InlineSwitch:
                        var targets = il.ReadInt32(); // read before Offset: "il.Offset += 4 * il.ReadInt32()" would read Offset first
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                        Visit(MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default: // InlineBrTarget, InlineI, InlineString, ShortInlineR
                        il.Offset += 4;
                        break;
                }
            }
        }

        private void VisitGenericParameters(GenericParameterHandleCollection parameters)
        {
            foreach (var parameter in parameters)
            {
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                {
                    Visit(reader.GetGenericParameterConstraint(constraint).Type);
                }
            }
        }

        private void VisitAttributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var attribute in attributes)
            {
                Visit(reader.GetCustomAttribute(attribute).Constructor);
            }
        }

        private void Visit(EntityHandle handle)
        {
            if (handle.IsNil)
            {
                return;
            }

            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                    References.Add((TypeReferenceHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    Visit(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                    {
                        member.DecodeMethodSignature(this, null);
                    }
                    else
                    {
                        member.DecodeFieldSignature(this, null);
                    }

                    break;
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Visit(specification.Method);
                    specification.DecodeSignature(this, null);
                    break;
                case HandleKind.StandaloneSignature:
                    var signature = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    if (signature.GetKind() == StandaloneSignatureKind.Method)
                    {
                        signature.DecodeMethodSignature(this, null);
                    }

                    break;
                default:
                    // Definitions of this assembly: their own signatures are visited where they are declared.
                    break;
            }
        }

        public bool GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
        {
            References.Add(handle);
            return false;
        }

        public bool GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return false;
        }

        public bool GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) => false;

        public bool GetArrayType(bool elementType, ArrayShape shape) => false;

        public bool GetByReferenceType(bool elementType) => false;

        public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;

        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => false;

        public bool GetGenericMethodParameter(object? genericContext, int index) => false;

        public bool GetGenericTypeParameter(object? genericContext, int index) => false;

        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => false;

        public bool GetPinnedType(bool elementType) => false;

        public bool GetPointerType(bool elementType) => false;

        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;

        public bool GetSZArrayType(bool elementType) => false;
    }
}
