/*
 * preflexor_vector: the one vector operation the kg SQL API needs, in C.
 *
 * kg.vector_cosine(a real[], b real[]) -> real: cosine similarity, summed in double
 * precision (NULL when either vector is all zeros), an error for vectors of different
 * lengths or with NULL elements. Same result as the SQL definition in
 * migrations/0006_kg_vector_cosine.sql, which stays in place where this library cannot be
 * built or loaded (a server given by DATABASE_URL, no postgresql-server-dev-15); preflexor
 * builds it with the system C compiler against `pg_config --includedir-server` and installs
 * it into its private server (Store/Embedded/NativeVector.swift).
 */
#include "postgres.h"
#include "fmgr.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include <math.h>

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(preflexor_vector_cosine);

static const float4 *
vector_values(ArrayType *a, int *n)
{
    if (ARR_ELEMTYPE(a) != FLOAT4OID)
        ereport(ERROR, (errcode(ERRCODE_DATATYPE_MISMATCH), errmsg("kg.vector_cosine: vectors must be real[]")));
    if (ARR_NDIM(a) > 1)
        ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION), errmsg("kg.vector_cosine: vectors must be one-dimensional arrays")));
    if (ARR_HASNULL(a) && array_contains_nulls(a))
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("kg.vector_cosine: vectors must not contain NULL")));
    *n = ARR_NDIM(a) == 0 ? 0 : ArrayGetNItems(ARR_NDIM(a), ARR_DIMS(a));
    return (const float4 *) ARR_DATA_PTR(a);
}

Datum
preflexor_vector_cosine(PG_FUNCTION_ARGS)
{
    ArrayType *a = PG_GETARG_ARRAYTYPE_P(0);
    ArrayType *b = PG_GETARG_ARRAYTYPE_P(1);
    int na, nb, i;
    const float4 *x = vector_values(a, &na);
    const float4 *y = vector_values(b, &nb);
    double dot = 0, xx = 0, yy = 0, denominator;

    if (na != nb)
        ereport(ERROR, (errcode(ERRCODE_DATA_EXCEPTION),
                        errmsg("kg.vector_cosine: vectors have %d and %d dimensions", na, nb),
                        errhint("compare vectors of the same model")));
    for (i = 0; i < na; i++)
    {
        dot += (double) x[i] * y[i];
        xx += (double) x[i] * x[i];
        yy += (double) y[i] * y[i];
    }
    denominator = sqrt(xx * yy);
    if (denominator == 0)
        PG_RETURN_NULL();
    PG_RETURN_FLOAT4((float4) (dot / denominator));
}
