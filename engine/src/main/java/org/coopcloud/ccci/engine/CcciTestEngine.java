package org.coopcloud.ccci.engine;

import java.util.Optional;
import org.coopcloud.ccci.engine.config.EngineSettings;
import org.coopcloud.ccci.engine.discovery.CcciDiscovery;
import org.coopcloud.ccci.engine.execution.CcciExecutionContext;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.config.PrefixedConfigurationParameters;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestExecutorService;
import org.junit.platform.engine.support.hierarchical.ParallelHierarchicalTestExecutorServiceFactory;

/**
 * The cc-ci test engine: a recipe run as a JUnit test plan (DESIGN section 1). Registered through
 * {@code META-INF/services/org.junit.platform.engine.TestEngine}.
 */
public final class CcciTestEngine extends HierarchicalTestEngine<CcciExecutionContext> {
    @Override
    public String getId() {
        return Constants.ENGINE_ID;
    }

    @Override
    public Optional<String> getGroupId() {
        return Optional.of("org.coopcloud.ccci");
    }

    @Override
    public Optional<String> getArtifactId() {
        return Optional.of("engine");
    }

    @Override
    public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
        EngineDescriptor engine = new EngineDescriptor(uniqueId, "cc-ci");
        CcciDiscovery.discover(request, engine, new EngineSettings(request.getConfigurationParameters()));
        return engine;
    }

    @Override
    protected HierarchicalTestExecutorService createExecutorService(ExecutionRequest request) {
        boolean parallel = request.getConfigurationParameters().getBoolean(Constants.PARALLEL_ENABLED).orElse(false);
        if (!parallel) {
            return super.createExecutorService(request);
        }
        return ParallelHierarchicalTestExecutorServiceFactory.create(
                new PrefixedConfigurationParameters(request.getConfigurationParameters(), Constants.PARALLEL_CONFIG_PREFIX));
    }

    @Override
    protected CcciExecutionContext createExecutionContext(ExecutionRequest request) {
        return new CcciExecutionContext(new EngineSettings(request.getConfigurationParameters()),
                request.getCancellationToken());
    }
}
